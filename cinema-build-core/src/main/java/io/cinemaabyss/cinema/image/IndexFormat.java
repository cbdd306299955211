package io.cinemaabyss.cinema.image;

/** Which multi-platform format to produce. */
public enum IndexFormat {
  /** An OCI image index over OCI manifests: carries annotations; the default. */
  OCI(MediaTypes.OCI_INDEX, MediaTypes.OCI_MANIFEST),
  /** A Docker manifest list over Docker v2.2 manifests, for old registries and runtimes. */
  DOCKER(MediaTypes.DOCKER_LIST, MediaTypes.DOCKER_MANIFEST);

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
