package io.cinemaabyss.cinema.remote;

import static org.assertj.core.api.Assertions.assertThat;

import io.cinemaabyss.cinema.oci.Descriptor;
import io.cinemaabyss.cinema.oci.Digest;
import io.cinemaabyss.cinema.oci.Index;
import io.cinemaabyss.cinema.oci.MediaType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The referrers tag schema: which tag, and how a new referrer joins what the tag already lists. */
class ReferrersTagTest {

  static final Descriptor SIGNATURE = referrer("signature", "application/vnd.dev.cosign.artifact.sig.v1+json");
  static final Descriptor SPDX = referrer("spdx", "application/spdx+json");

  @Test
  void theTagIsTheSubjectDigestWithADash() {
    Digest subject = Digest.of("manifest".getBytes(StandardCharsets.UTF_8));
    assertThat(ReferrersTag.of(subject)).isEqualTo("sha256-" + subject.hex());
  }

  @Test
  void aFirstReferrerMakesAnOciIndexOfItsDescriptor() {
    Index index = ReferrersTag.merged(Optional.empty(), SPDX).orElseThrow();
    assertThat(index.mediaType()).isEqualTo(MediaType.OCI_INDEX.value());
    assertThat(index.manifests()).containsExactly(SPDX);
    assertThat(new String(index.bytes(), StandardCharsets.UTF_8)).contains("\"artifactType\":\"application/spdx+json\"");
  }

  @Test
  void anotherToolsReferrersAreKeptInTheirOrderAndOursAdded() {
    Index theirs = Index.of(MediaType.OCI_INDEX, List.of(SIGNATURE), Map.of("note", "kept"));
    Index merged = ReferrersTag.merged(Optional.of(theirs), SPDX).orElseThrow();
    assertThat(merged.manifests()).containsExactly(SIGNATURE, SPDX);
    assertThat(merged.annotations()).containsEntry("note", "kept");
  }

  @Test
  void aReferrerAlreadyListedExactlyNeedsNoPush() {
    Index listed = Index.of(MediaType.OCI_INDEX, List.of(SIGNATURE, SPDX), Map.of());
    assertThat(ReferrersTag.merged(Optional.of(Index.parse(listed.bytes(), "listed")), SPDX)).isEmpty();
  }

  @Test
  void aReferrerListedWithOtherAnnotationsIsReplacedInPlace() {
    Descriptor older = SPDX.withAnnotations(Map.of("org.opencontainers.image.created", "1970-01-01T00:00:00Z"));
    Index listed = Index.of(MediaType.OCI_INDEX, List.of(older, SIGNATURE), Map.of());
    assertThat(ReferrersTag.merged(Optional.of(listed), SPDX).orElseThrow().manifests()).containsExactly(SPDX, SIGNATURE);
  }

  @Test
  void severalReferrersJoinInOneIndexAndOnlyWhatIsNewCountsAsAChange() {
    Descriptor cyclonedx = referrer("cyclonedx", "application/vnd.cyclonedx+json");
    Index theirs = Index.of(MediaType.OCI_INDEX, List.of(SIGNATURE, SPDX), Map.of());
    assertThat(ReferrersTag.merged(Optional.of(theirs), List.of(SPDX, cyclonedx)).orElseThrow().manifests())
        .containsExactly(SIGNATURE, SPDX, cyclonedx);
    assertThat(ReferrersTag.merged(Optional.of(theirs), List.of(SPDX, SIGNATURE))).isEmpty();
    assertThat(ReferrersTag.merged(Optional.empty(), List.of(SPDX, cyclonedx)).orElseThrow().manifests()).containsExactly(SPDX, cyclonedx);
  }

  private static Descriptor referrer(String content, String artifactType) {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    return new Descriptor(MediaType.OCI_MANIFEST.value(), Digest.of(bytes), bytes.length).withArtifactType(artifactType);
  }
}
