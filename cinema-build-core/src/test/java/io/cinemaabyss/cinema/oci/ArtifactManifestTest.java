package io.cinemaabyss.cinema.oci;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** OCI 1.1 artifact manifests: written with artifactType, the empty config and a subject; read back the same. */
class ArtifactManifestTest {

  static final Descriptor SUBJECT = new Descriptor(MediaType.OCI_MANIFEST.value(), Digest.of("image".getBytes(StandardCharsets.UTF_8)), 5)
      .withPlatform(Platform.parse("linux/arm64"));

  @Test
  void anArtifactManifestCarriesItsTypeTheEmptyConfigOneLayerAndASubjectWithoutPlatform() {
    byte[] document = "{\"spdxVersion\":\"SPDX-2.3\"}".getBytes(StandardCharsets.UTF_8);
    Descriptor layer = new Descriptor("application/spdx+json", Digest.of(document), document.length);
    Manifest artifact = Manifest.artifact("application/spdx+json", List.of(layer), SUBJECT, Map.of("org.opencontainers.image.created", "2023-11-14T22:13:20Z"));

    Manifest read = Manifest.parse(artifact.bytes(), "artifact");
    assertThat(read.digest()).isEqualTo(artifact.digest());
    assertThat(read.artifactType()).isEqualTo("application/spdx+json");
    assertThat(read.config().mediaType()).isEqualTo("application/vnd.oci.empty.v1+json");
    assertThat(read.config().digest()).isEqualTo(Digest.of("{}".getBytes(StandardCharsets.UTF_8)));
    assertThat(read.config().size()).isEqualTo(2);
    assertThat(read.layers()).containsExactly(layer);
    assertThat(read.subject()).contains(new Descriptor(MediaType.OCI_MANIFEST.value(), SUBJECT.digest(), 5));
    assertThat(new String(artifact.bytes(), StandardCharsets.UTF_8)).doesNotContain("platform");

    Descriptor listed = read.referrerDescriptor();
    assertThat(listed.artifactType()).isEqualTo("application/spdx+json");
    assertThat(listed.annotations()).containsEntry("org.opencontainers.image.created", "2023-11-14T22:13:20Z");
  }

  @Test
  void anImageHasNoArtifactTypeAndAnArtifactWithoutOneIsTypedByItsConfig() {
    Descriptor config = new Descriptor(MediaType.OCI_CONFIG, Digest.of("c".getBytes(StandardCharsets.UTF_8)), 1);
    assertThat(Manifest.of(MediaType.OCI_MANIFEST, config, List.of(), Map.of()).artifactType()).isEmpty();
    Descriptor helm = new Descriptor("application/vnd.cncf.helm.config.v1+json", config.digest(), 1);
    assertThat(Manifest.parse(Manifest.of(MediaType.OCI_MANIFEST, helm, List.of(), Map.of()).bytes(), "helm").artifactType())
        .isEqualTo("application/vnd.cncf.helm.config.v1+json");
  }

  @Test
  void aDescriptorsArtifactTypeRoundTripsThroughAnIndex() {
    Descriptor referrer = new Descriptor(MediaType.OCI_MANIFEST.value(), SUBJECT.digest(), 5).withArtifactType("application/vnd.in-toto+json");
    Index index = Index.parse(Index.of(MediaType.OCI_INDEX, List.of(referrer), Map.of()).bytes(), "referrers");
    assertThat(index.manifests()).containsExactly(referrer);
    assertThat(index.manifests().get(0).platform()).isEqualTo(Optional.empty());
  }
}
