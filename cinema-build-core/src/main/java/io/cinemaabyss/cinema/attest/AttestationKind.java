package io.cinemaabyss.cinema.attest;

import java.util.Arrays;
import java.util.Optional;

/**
 * The documents a build attaches to each platform image as OCI 1.1 referrers, by the
 * {@code artifactType} scanners and policy engines look for (the document's own media type).
 */
public enum AttestationKind {
  SPDX(SpdxDocument.MEDIA_TYPE, "SBOM (SPDX 2.3)", true),
  CYCLONEDX(CycloneDxDocument.MEDIA_TYPE, "SBOM (CycloneDX 1.5)", true),
  PROVENANCE(Provenance.MEDIA_TYPE, "provenance (in-toto, SLSA v1)", false);

  private final String artifactType;
  private final String label;
  private final boolean sbom;

  AttestationKind(String artifactType, String label, boolean sbom) {
    this.artifactType = artifactType;
    this.label = label;
    this.sbom = sbom;
  }

  /** The kind whose artifact type is {@code value}; empty for other artifacts (signatures, other tools' documents). */
  public static Optional<AttestationKind> of(String value) {
    return Arrays.stream(values()).filter(k -> k.artifactType.equals(value)).findFirst();
  }

  /** The artifact manifest's {@code artifactType}, also the media type of its one layer. */
  public String artifactType() {
    return artifactType;
  }

  /** How reports name it. */
  public String label() {
    return label;
  }

  public boolean isSbom() {
    return sbom;
  }
}
