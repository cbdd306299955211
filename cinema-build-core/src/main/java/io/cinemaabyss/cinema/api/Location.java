package io.cinemaabyss.cinema.api;

/** Where an image is read from or written to: an OCI image layout, or a registry repository. */
public sealed interface Location permits Layout, Registry {

  /** How the image is named in messages and summary lines, such as {@code oci:target/cinema/oci:1.0}. */
  String name();
}
