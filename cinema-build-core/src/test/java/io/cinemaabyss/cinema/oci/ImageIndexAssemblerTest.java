package io.cinemaabyss.cinema.oci;

import io.cinemaabyss.cinema.json.Json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageIndexAssemblerTest {

  private static final String A = "sha256:" + "a".repeat(64);
  private static final String B = "sha256:" + "b".repeat(64);

  private static JsonNode json(io.cinemaabyss.cinema.oci.Index index) {
    return Json.parse(index.bytes(), "index");
  }

  private final List<Descriptor> manifests =
      List.of(
          new Descriptor(MediaType.OCI_MANIFEST.value(), io.cinemaabyss.cinema.oci.Digest.parse(A), 400).withPlatform(Platform.parse("linux/amd64")),
          new Descriptor(MediaType.OCI_MANIFEST.value(), io.cinemaabyss.cinema.oci.Digest.parse(B), 401).withPlatform(Platform.parse("linux/arm/v7")));

  @Test
  void ociIndexListsEachPlatformWithVariantAndCarriesAnnotations() {
    JsonNode index =
        json(ImageIndexAssembler.index(
            IndexFormat.OCI, manifests, Map.of(ImageAnnotations.SOURCE, "https://github.com/o/r", ImageAnnotations.CREATED, "1970-01-01T00:00:00Z")));

    assertThat(index.path("schemaVersion").asInt()).isEqualTo(2);
    assertThat(index.path("mediaType").asText()).isEqualTo(MediaType.OCI_INDEX.value());
    assertThat(index.path("manifests")).hasSize(2);
    JsonNode arm = index.path("manifests").path(1);
    assertThat(arm.path("digest").asText()).isEqualTo(B);
    assertThat(arm.path("size").asLong()).isEqualTo(401);
    assertThat(arm.path("platform").path("architecture").asText()).isEqualTo("arm");
    assertThat(arm.path("platform").path("variant").asText()).isEqualTo("v7");
    assertThat(index.path("manifests").path(0).path("platform").has("variant")).isFalse();
    assertThat(index.path("annotations").path(ImageAnnotations.SOURCE).asText()).isEqualTo("https://github.com/o/r");
  }

  @Test
  void sameInputGivesTheSameBytes() {
    Map<String, String> annotations = Map.of("b", "2", "a", "1", "c", "3");
    byte[] one = ImageIndexAssembler.index(IndexFormat.OCI, manifests, annotations).bytes();
    byte[] two = ImageIndexAssembler.index(IndexFormat.OCI, manifests, Map.of("c", "3", "a", "1", "b", "2")).bytes();
    assertThat(one).isEqualTo(two);
    assertThat(new String(one, StandardCharsets.UTF_8)).contains("{\"a\":\"1\",\"b\":\"2\",\"c\":\"3\"}");
  }

  @Test
  void dockerListHasItsMediaTypeAndNoAnnotations() {
    List<Descriptor> docker =
        manifests.stream().map(d -> new Descriptor(MediaType.DOCKER_MANIFEST.value(), d.digest(), d.size(), d.platform(), Map.of())).toList();
    JsonNode list = json(ImageIndexAssembler.index(IndexFormat.DOCKER, docker, Map.of(ImageAnnotations.SOURCE, "x")));
    assertThat(list.path("mediaType").asText()).isEqualTo(MediaType.DOCKER_LIST.value());
    assertThat(list.has("annotations")).isFalse();
    assertThat(list.path("manifests").path(0).path("mediaType").asText()).isEqualTo(MediaType.DOCKER_MANIFEST.value());
  }

  @Test
  void descriptionIsCutTo512CharactersForGhcr() {
    String longText = "word ".repeat(300);
    Map<String, String> values = new ImageAnnotations().put(ImageAnnotations.DESCRIPTION, longText).asMap();
    assertThat(values.get(ImageAnnotations.DESCRIPTION)).hasSize(512).endsWith("...");
    assertThat(new ImageAnnotations().put(ImageAnnotations.DESCRIPTION, "short\n text").asMap())
        .containsEntry(ImageAnnotations.DESCRIPTION, "short text");
  }

  @Test
  void descriptorRoundTripsThroughJson() {
    Descriptor d = manifests.get(1).withAnnotations(Map.of("k", "v"));
    io.cinemaabyss.cinema.oci.Index index = ImageIndexAssembler.index(IndexFormat.OCI, List.of(d), Map.of());
    assertThat(io.cinemaabyss.cinema.oci.Index.parse(index.bytes(), "index").manifests()).containsExactly(d);
  }
}
