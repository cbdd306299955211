package io.cinemaabyss.cinema.check;

import io.cinemaabyss.cinema.oci.ConfigFile;
import io.cinemaabyss.cinema.oci.Descriptor;
import io.cinemaabyss.cinema.oci.Platform;
import java.util.List;
import java.util.Optional;

/**
 * One platform's image as found: how the index lists it, its manifest, config and size, what its
 * entrypoint really is, and the verdicts.
 *
 * @param indexPlatform the platform the index gives this entry, as written; empty for an image
 *     that is a single manifest
 * @param manifest the manifest's descriptor (media type, digest, size)
 * @param via digests of the nested indexes this entry was reached through, outermost first
 * @param totalSize config plus layers, in bytes (compressed, as stored)
 * @param referrers the OCI 1.1 artifacts (SBOM, provenance...) whose subject is this manifest
 */
public record PlatformReport(
    String indexPlatform,
    Descriptor manifest,
    List<String> via,
    long totalSize,
    Descriptor config,
    List<Descriptor> layers,
    ConfigFile image,
    Optional<EntrypointFinding> entrypoint,
    List<Verdict> verdicts,
    List<Descriptor> referrers) {

  public PlatformReport {
    via = List.copyOf(via);
    layers = List.copyOf(layers);
    verdicts = List.copyOf(verdicts);
    referrers = List.copyOf(referrers);
  }

  /** This report with {@code more} verdicts after its own. */
  public PlatformReport withVerdicts(List<Verdict> more) {
    List<Verdict> all = new java.util.ArrayList<>(verdicts);
    all.addAll(more);
    return new PlatformReport(indexPlatform, manifest, via, totalSize, config, layers, image, entrypoint, all, referrers);
  }

  /** The platform a runtime selects this image for: the index's, or the config's for a single manifest. */
  public String platformText() {
    return indexPlatform.isEmpty() ? image.platformText() : indexPlatform;
  }

  /** {@link #platformText()} normalised ({@code arm64/v8} is {@code arm64}), when it is a well-formed platform. */
  public Optional<Platform> platform() {
    return PlatformText.parse(platformText());
  }

  public boolean ok() {
    return verdicts.stream().allMatch(Verdict::ok);
  }

  public List<Verdict> failures() {
    return verdicts.stream().filter(v -> !v.ok()).toList();
  }
}
