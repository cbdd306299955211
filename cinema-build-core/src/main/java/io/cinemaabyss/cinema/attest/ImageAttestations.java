package io.cinemaabyss.cinema.attest;

import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.layout.OciLayout;
import io.cinemaabyss.cinema.oci.Descriptor;
import io.cinemaabyss.cinema.oci.Manifest;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The SBOMs and provenance of one platform image, written into an OCI layout as OCI 1.1 artifact
 * manifests: each the empty config, one layer (the document, of its own media type), the
 * {@code artifactType} and the platform manifest as {@code subject}. Their bytes depend only on the
 * binary, the base, the build's parameters and its time, so a rebuild gives the same digests.
 */
public final class ImageAttestations {

  /** The annotation every artifact manifest carries: the build's time, never the clock. */
  public static final String CREATED = "org.opencontainers.image.created";

  private ImageAttestations() {}

  /**
   * Writes the documents of {@code kinds} for the platform manifest {@code subject} into
   * {@code layout} and returns the artifact manifests' descriptors (artifact type, annotations), in
   * the order of {@code kinds}.
   *
   * @param binary the binary as it is in the layer, read with {@link GoBuildInfo}
   */
  public static List<Descriptor> write(
      OciLayout layout, Descriptor subject, BuiltBinary binary, Provenance.Build build, Set<AttestationKind> kinds) {
    List<Descriptor> out = new ArrayList<>();
    layout.writeBlob(Manifest.emptyConfig().mediaType(), Manifest.EMPTY_CONFIG);
    for (AttestationKind kind : EnumSet.copyOf(kinds.isEmpty() ? EnumSet.noneOf(AttestationKind.class) : kinds)) {
      byte[] document = switch (kind) {
        case SPDX -> SpdxDocument.of(binary);
        case CYCLONEDX -> CycloneDxDocument.of(binary);
        case PROVENANCE -> Provenance.of(binary.image(), subject.digest().toString(), build);
      };
      Descriptor layer = layout.writeBlob(kind.artifactType(), document);
      Manifest manifest = Manifest.artifact(kind.artifactType(), List.of(layer), subject,
          Map.of(CREATED, DateTimeFormatter.ISO_INSTANT.format(binary.created().truncatedTo(ChronoUnit.SECONDS))));
      layout.write(manifest);
      out.add(manifest.referrerDescriptor());
    }
    return out;
  }

  /** The build information of a binary's bytes, failing with the fix when they hold none. */
  public static GoBuildInfo buildInfo(byte[] binary, String what) {
    try {
      return GoBuildInfo.read(binary).orElseThrow(() -> new CinemaException(
          what + " holds no Go build information, so no SBOM can be made from it; build it with Go 1.18 or newer, or set sbom=false."));
    } catch (IllegalArgumentException e) {
      throw new CinemaException(what + ": " + e.getMessage(), e);
    }
  }
}
