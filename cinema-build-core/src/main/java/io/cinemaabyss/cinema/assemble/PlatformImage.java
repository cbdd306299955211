package io.cinemaabyss.cinema.assemble;

import io.cinemaabyss.cinema.oci.Descriptor;
import io.cinemaabyss.cinema.oci.Digest;
import io.cinemaabyss.cinema.oci.Platform;

/** One platform's image in a layout: its manifest (with platform) and config digests. */
public record PlatformImage(Platform platform, Descriptor manifest, Digest configDigest) {}
