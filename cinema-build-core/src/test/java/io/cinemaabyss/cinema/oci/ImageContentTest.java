package io.cinemaabyss.cinema.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImageContentTest {

  private static final Digest CONFIG = Digest.of("config".getBytes(StandardCharsets.UTF_8));
  private static final Digest LAYER = Digest.of("layer".getBytes(StandardCharsets.UTF_8));

  /** Pretty-printed, keys out of order, an unknown field and an unknown layer type: kept byte for byte. */
  private static final String FOREIGN_MANIFEST = """
      {
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "layers": [ { "mediaType": "application/vnd.example.layer", "size": 5, "digest": "%s" } ],
        "config": { "digest": "%s", "size": 6, "mediaType": "application/vnd.oci.image.config.v1+json" },
        "x-extra": true
      }
      """.formatted(LAYER, CONFIG);

  @Test
  void aManifestKeepsTheExactBytesItWasReadFrom() {
    byte[] bytes = FOREIGN_MANIFEST.getBytes(StandardCharsets.UTF_8);
    Manifest manifest = Manifest.parse(bytes, "test manifest");
    assertThat(manifest.bytes()).isEqualTo(bytes);
    assertThat(manifest.digest()).isEqualTo(Digest.of(bytes));
    assertThat(manifest.config().digest()).isEqualTo(CONFIG);
    assertThat(manifest.layers()).singleElement().satisfies(l -> {
      assertThat(l.mediaType()).isEqualTo("application/vnd.example.layer");
      assertThat(l.type()).isEqualTo(MediaType.UNKNOWN);
    });
    assertThat(manifest.blobs()).extracting(Descriptor::digest).containsExactly(CONFIG, LAYER);
    assertThat(ImageContent.parse(bytes, "", "again")).isEqualTo(manifest);
  }

  @Test
  void newManifestsAndIndexesAreCanonicalAndReadBackEqual() {
    Descriptor config = new Descriptor(MediaType.OCI_CONFIG, CONFIG, 6);
    Descriptor layer = new Descriptor(MediaType.OCI_LAYER_GZIP, LAYER, 5);
    Manifest manifest = Manifest.of(MediaType.OCI_MANIFEST, config, List.of(layer), Map.of("b", "2", "a", "1"));
    String json = new String(manifest.bytes(), StandardCharsets.UTF_8);
    assertThat(json).startsWith("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\"")
        .contains("\"annotations\":{\"a\":\"1\",\"b\":\"2\"}").doesNotContain(" ");
    Manifest reread = Manifest.parse(manifest.bytes(), "reread");
    assertThat(reread.bytes()).isEqualTo(manifest.bytes());
    assertThat(reread.layers()).containsExactly(layer);

    Descriptor entry = manifest.descriptor().withPlatform(Platform.parse("linux/arm/v7"));
    Index index = Index.of(MediaType.DOCKER_LIST, List.of(entry), Map.of());
    Index indexAgain = (Index) ImageContent.parse(index.bytes(), "", "index");
    assertThat(indexAgain.bytes()).isEqualTo(index.bytes());
    assertThat(indexAgain.manifest(Platform.parse("linux/arm/v7"))).contains(entry);
    assertThat(indexAgain.manifest(Platform.parse("linux/arm64"))).isEmpty();
    assertThat(new String(index.bytes(), StandardCharsets.UTF_8))
        .contains("\"platform\":{\"architecture\":\"arm\",\"os\":\"linux\",\"variant\":\"v7\"}");
  }

  @Test
  void anEntryWithAPlatformThisToolCannotRepresentHasNone() {
    String json = "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"x\",\"digest\":\"" + CONFIG
        + "\",\"size\":1,\"platform\":{\"os\":\"linux\",\"architecture\":\"arm\",\"variant\":\"weird\"}}]}";
    Index index = Index.parse(json.getBytes(StandardCharsets.UTF_8), "index");
    assertThat(index.mediaType()).isEmpty();
    assertThat(index.manifests().get(0).platform()).isEqualTo(Optional.empty());
  }

  @Test
  void theDeclaredMediaTypeAppliesWhenTheJsonHasNone() {
    String json = "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"c\",\"digest\":\"" + CONFIG + "\",\"size\":6},\"layers\":[]}";
    ImageContent content = ImageContent.parse(json.getBytes(StandardCharsets.UTF_8), MediaType.DOCKER_MANIFEST.value(), "m");
    assertThat(content).isInstanceOf(Manifest.class);
    assertThat(content.mediaType()).isEqualTo(MediaType.DOCKER_MANIFEST.value());
  }

  @Test
  void badInputIsRefusedSayingWhatIsWrong() {
    assertThatThrownBy(() -> ImageContent.parse("not json".getBytes(StandardCharsets.UTF_8), "", "The manifest X"))
        .isInstanceOf(InvalidContentException.class).hasMessageStartingWith("The manifest X is not valid JSON");
    assertThatThrownBy(() -> ImageContent.parse("[]".getBytes(StandardCharsets.UTF_8), "", "The manifest X"))
        .hasMessageContaining("not a JSON object");
    assertThatThrownBy(() -> Manifest.parse("{\"schemaVersion\":3}".getBytes(StandardCharsets.UTF_8), "M"))
        .hasMessageContaining("M is not a schema 2 image manifest");
    assertThatThrownBy(() -> Manifest.parse("{\"schemaVersion\":1}".getBytes(StandardCharsets.UTF_8), "M"))
        .hasMessageContaining("M is a Docker schema 1 manifest, which is deprecated");
    assertThatThrownBy(() -> Manifest.parse(("{\"schemaVersion\":2,\"layers\":[]}").getBytes(StandardCharsets.UTF_8), "M"))
        .hasMessageContaining("M has no valid 'config' descriptor");
    String badDigest = "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"c\",\"digest\":\"sha256:1\",\"size\":6},\"layers\":[]}";
    assertThatThrownBy(() -> Manifest.parse(badDigest.getBytes(StandardCharsets.UTF_8), "M"))
        .hasMessageContaining("M (its config): 'sha256:1' is not a valid sha256 digest");
    String noSize = "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"c\",\"digest\":\"" + CONFIG + "\"},\"layers\":[]}";
    assertThatThrownBy(() -> Manifest.parse(noSize.getBytes(StandardCharsets.UTF_8), "M")).hasMessageContaining("no valid size");
    Index index = Index.of(MediaType.OCI_INDEX, List.of(), Map.of());
    assertThatThrownBy(() -> Manifest.parse(index.bytes(), "M")).hasMessageContaining("M is an image index");
    assertThatThrownBy(() -> ImageContent.parse(new byte[ImageContent.MAX_BYTES + 1], "", "M")).hasMessageContaining("over the 4 MB");
  }

  @Test
  void mediaTypesKnowTheirKind() {
    assertThat(MediaType.of("application/vnd.oci.image.index.v1+json; charset=utf-8")).isEqualTo(MediaType.OCI_INDEX);
    assertThat(MediaType.isIndex(MediaType.DOCKER_LIST.value())).isTrue();
    assertThat(MediaType.isManifest(MediaType.DOCKER_MANIFEST.value())).isTrue();
    assertThat(MediaType.of("application/json")).isEqualTo(MediaType.UNKNOWN);
    assertThat(MediaType.of(null).kind()).isEqualTo(MediaType.Kind.OTHER);
    assertThat(MediaType.DOCKER_LAYER_GZIP.isDocker()).isTrue();
  }
}
