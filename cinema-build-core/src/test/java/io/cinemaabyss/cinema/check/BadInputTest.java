package io.cinemaabyss.cinema.check;

import io.cinemaabyss.cinema.layout.LayoutStore;
import io.cinemaabyss.cinema.oci.InvalidContentException;
import io.cinemaabyss.cinema.store.ImageNotFoundException;
import io.cinemaabyss.cinema.testing.RawJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.check.TestImageWriter.Config;
import io.cinemaabyss.cinema.layout.OciLayout;
import io.cinemaabyss.cinema.oci.Descriptor;
import io.cinemaabyss.cinema.oci.MediaType;
import io.cinemaabyss.cinema.oci.Platform;
import io.cinemaabyss.cinema.testing.TestServices;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken, hostile or absent images: each gives a clear error or a failed verdict, never a crash. */
class BadInputTest {

  @TempDir static Path work;
  static String escaping;
  static String looping;

  @BeforeAll
  static void pushHostileImages() {
    TestServices.registry();
    TestImageWriter oci = new TestImageWriter(OciLayout.create(work.resolve("hostile")), false);
    byte[] escape = new SyntheticLayers.Tar(true)
        .dir("usr").dir("usr/local").dir("usr/local/bin")
        .file("usr/local/bin/tiny", TinyProgram.binary("amd64"))
        .text("../../etc/cron.d/evil", "* * * * * root rm -rf /\n")
        .bytes();
    Descriptor escapeImage = oci.image(Config.of("linux/amd64", List.of("/usr/local/bin/tiny")), escape);
    oci.index("escape", TestImageWriter.entry(escapeImage, "linux/amd64"));
    escaping = TinyProgram.push(oci.layout().root(), "escape", "escape");

    byte[] loop = new SyntheticLayers.Tar(true)
        .dir("usr").dir("usr/local").dir("usr/local/bin")
        .symlink("usr/local/bin/tiny", "/usr/local/bin/loop")
        .symlink("usr/local/bin/loop", "tiny")
        .bytes();
    Descriptor loopImage = oci.image(Config.of("linux/amd64", List.of("/usr/local/bin/tiny")), loop);
    oci.index("loop", TestImageWriter.entry(loopImage, "linux/amd64"));
    looping = TinyProgram.push(oci.layout().root(), "loop", "symlink-loop");
  }

  @Test
  void anUnknownReferenceNamesWhatWasNotFound() {
    String reference = TestServices.registry() + "/inspect-it/never-pushed:nope";
    assertThatThrownBy(() -> ImageInspector.of(RegistryInspectionTest.registry(reference)).inspect())
        .isInstanceOf(ImageNotFoundException.class)
        .hasMessageContaining("'nope'")
        .hasMessageContaining("127.0.0.1:5000/inspect-it/never-pushed")
        .hasMessageContaining("cinema.image");
  }

  @Test
  void anUnknownTagInALayoutListsTheTagsItHas() {
    assertThatThrownBy(() -> ImageInspector.of(LayoutStore.open(work.resolve("hostile"), "1.0")).inspect())
        .isInstanceOf(ImageNotFoundException.class)
        .hasMessageContaining("No image tagged '1.0'")
        .hasMessageContaining("escape")
        .hasMessageContaining("loop");
  }

  @Test
  void aDirectoryThatIsNoLayoutSaysSo() {
    assertThatThrownBy(() -> LayoutStore.open(work.resolve("nothing-here"), "1.0"))
        .isInstanceOf(CinemaException.class)
        .hasMessageContaining("is not an OCI image layout");
  }

  @Test
  void aRegistryThatIsDownIsNamed() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String reference = "127.0.0.1:" + port + "/inspect-it/any:1";
    assertThatThrownBy(() -> ImageInspector.of(RegistryInspectionTest.registry(reference)).inspect())
        .isInstanceOf(CinemaException.class)
        .hasMessageContaining("Cannot connect to registry 127.0.0.1:" + port)
        .hasMessageContaining("is it running");
  }

  @Test
  void aMalformedManifestIsAClearError() {
    OciLayout layout = OciLayout.create(work.resolve("malformed"));
    byte[] broken = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[{\"digest\":"
        .getBytes(StandardCharsets.UTF_8);
    layout.tag("broken", layout.writeBlob(MediaType.OCI_INDEX.value(), broken));

    assertThatThrownBy(() -> ImageInspector.of(LayoutStore.open(layout.root(), "broken")).inspect())
        .isInstanceOf(CinemaException.class)
        .hasMessageContaining("is not valid JSON")
        .hasMessageContaining(layout.root().toString());
  }

  @Test
  void anIndexEntryWithoutDigestOrAManifestWithoutConfigIsAClearError() {
    OciLayout layout = OciLayout.create(work.resolve("shapeless"));
    ObjectNode manifest = JsonNodeFactory.instance.objectNode().put("schemaVersion", 2).put("mediaType", MediaType.OCI_MANIFEST.value());
    manifest.putArray("layers");
    layout.tag("no-config", RawJson.write(layout, MediaType.OCI_MANIFEST.value(), manifest));

    assertThatThrownBy(() -> ImageInspector.of(LayoutStore.open(layout.root(), "no-config")).inspect())
        .isInstanceOf(InvalidContentException.class)
        .hasMessageContaining("has no valid 'config' descriptor");
  }

  @Test
  void aManifestOverFourMegabytesIsRefused() {
    // registries refuse to store such a manifest ("request body too large"), so it can only come from a layout
    OciLayout layout = OciLayout.create(work.resolve("huge"));
    ObjectNode index = JsonNodeFactory.instance.objectNode().put("schemaVersion", 2).put("mediaType", MediaType.OCI_INDEX.value());
    index.putArray("manifests");
    index.putObject("annotations").put("padding", "x".repeat(4 * 1024 * 1024 + 1));
    layout.tag("huge", RawJson.write(layout, MediaType.OCI_INDEX.value(), index));

    assertThatThrownBy(() -> ImageInspector.of(LayoutStore.open(layout.root(), "huge")).inspect())
        .isInstanceOf(InvalidContentException.class)
        .hasMessageContaining("over the 4 MB");
  }

  @Test
  void aLayerWithATarPathEscapingTheRootFailsThatPlatformClearly() {
    ImageReport report = ImageInspector.of(RegistryInspectionTest.registry(escaping)).inspect();

    PlatformReport p = report.platforms().get(0);
    assertThat(p.entrypoint().orElseThrow().kind()).isEqualTo(EntrypointFinding.Kind.ERROR);
    assertThat(p.failures()).singleElement().extracting(Verdict::message).asString()
        .contains("'../../etc/cron.d/evil'")
        .contains("outside the image root");
    VerificationResult result =
        ImageVerifier.of(RegistryInspectionTest.registry(escaping)).require(Platform.parseAll("linux/amd64"), "configured").verify();
    assertThat(result.problems()).singleElement().asString().contains("outside the image root");
  }

  @Test
  void aSymlinkLoopFailsThatPlatformClearly() {
    ImageReport report = ImageInspector.of(RegistryInspectionTest.registry(looping)).inspect();

    assertThat(report.problems()).singleElement().asString()
        .startsWith("linux/amd64: symlink loop at /usr/local/bin/")
        .contains("while resolving /usr/local/bin/tiny");
  }
}
