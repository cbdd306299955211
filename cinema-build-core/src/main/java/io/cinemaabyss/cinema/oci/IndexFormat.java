package io.cinemaabyss.cinema.oci;


/** Which multi-platform format to produce. */
public enum IndexFormat {
  /** An OCI image index over OCI manifests: carries annotations; the default. */
  OCI(MediaType.OCI_INDEX.value(), MediaType.OCI_MANIFEST.value()),
  /** A Docker manifest list over Docker v2.2 manifests, for old registries and runtimes. */
  DOCKER(MediaType.DOCKER_LIST.value(), MediaType.DOCKER_MANIFEST.value());

  private final String indexMediaType;
  private final String manifestMediaType;

  IndexFormat(String indexMediaType, String manifestMediaType) {
    this.indexMediaType = indexMediaType;
    this.manifestMediaType = manifestMediaType;
  }

  public String indexMediaType() {
    return indexMediaType;
  }

  public String manifestMediaType() {
    return manifestMediaType;
  }
}
