package io.cinemaabyss.cinema.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cinemaabyss.cinema.layout.LayoutStore;
import io.cinemaabyss.cinema.layout.OciLayout;
import io.cinemaabyss.cinema.oci.ConfigFile;
import io.cinemaabyss.cinema.oci.Descriptor;
import io.cinemaabyss.cinema.oci.Digest;
import io.cinemaabyss.cinema.oci.ImageContent;
import io.cinemaabyss.cinema.oci.Index;
import io.cinemaabyss.cinema.oci.InvalidContentException;
import io.cinemaabyss.cinema.oci.Manifest;
import io.cinemaabyss.cinema.oci.MediaType;
import io.cinemaabyss.cinema.oci.Platform;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageCopyTest {

  private static final byte[] SHARED = "shared layer".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;

  /** A two-platform index whose platforms share one layer, in memory, tagged 1.0. */
  private static MemoryStore image() {
    MemoryStore store = MemoryStore.create();
    List<Descriptor> entries = new ArrayList<>();
    for (Platform platform : List.of(Platform.parse("linux/amd64"), Platform.parse("linux/arm64"))) {
      byte[] own = ("app for " + platform).getBytes(StandardCharsets.UTF_8);
      ConfigFile config = ConfigFile.of(platform, "1970-01-01T00:00:00Z", List.of(Digest.of(SHARED), Digest.of(own)), "test", List.of(), "");
      Descriptor configBlob = put(store, MediaType.OCI_CONFIG, config.bytes());
      Manifest manifest = Manifest.of(MediaType.OCI_MANIFEST, configBlob,
          List.of(put(store, MediaType.OCI_LAYER, SHARED), put(store, MediaType.OCI_LAYER, own)), Map.of());
      Descriptor entry = manifest.descriptor().withPlatform(platform);
      store.putManifest(entry, manifest);
      entries.add(entry);
    }
    Index index = Index.of(MediaType.OCI_INDEX, entries, Map.of());
    store.putManifest(index.descriptor(), index);
    store.tag("1.0", index);
    return store;
  }

  private static Descriptor put(MemoryStore store, MediaType type, byte[] bytes) {
    Descriptor d = new Descriptor(type, Digest.of(bytes), bytes.length);
    store.putBlob(d, () -> new ByteArrayInputStream(bytes));
    return d;
  }

  @Test
  void copiesChildrenFirstIndexLastTagsLastAndSkipsWhatTheSinkHas() {
    MemoryStore source = image();
    Recording sink = new Recording(MemoryStore.create());

    ImageCopy.Result result = ImageCopy.copy(source, "1.0", sink, List.of("1.0", "latest"));

    assertThat(result.children()).hasSize(2);
    // 2 configs, 2 own layers, the shared layer once: the second platform finds it in the sink
    assertThat(sink.steps.stream().filter(s -> s.startsWith("blob")).toList()).hasSize(5);
    List<String> kinds = sink.steps.stream().map(s -> s.split(" ")[0]).toList();
    assertThat(kinds.lastIndexOf("blob")).isLessThan(kinds.indexOf("manifest"));
    assertThat(kinds.subList(kinds.size() - 3, kinds.size())).containsExactly("index", "tag", "tag");
    assertThat(sink.target.tags()).containsOnlyKeys("1.0", "latest").containsValue(result.root().digest());

    Recording again = new Recording(sink.target);
    ImageCopy.copy(source, "1.0", again, List.of("1.0"));
    assertThat(again.steps).noneMatch(s -> s.startsWith("blob"));
  }

  @Test
  void aLayoutRoundTripsTheExactBytes() {
    MemoryStore source = image();
    LayoutStore layout = new LayoutStore(OciLayout.create(dir.resolve("oci")), "");
    ImageCopy.copy(source, "1.0", layout, List.of("1.0"));

    LayoutStore reopened = LayoutStore.open(dir.resolve("oci"), "1.0");
    ImageContent root = reopened.manifest("");
    assertThat(root.bytes()).isEqualTo(source.manifest("1.0").bytes());
    assertThat(reopened.layout().resolve("1.0-linux-arm64")).isPresent();

    MemoryStore back = MemoryStore.create();
    ImageCopy.copy(reopened, "1.0", back, List.of("copied"));
    assertThat(back.manifest("copied").digest()).isEqualTo(root.digest());
    assertThat(back.blobDigests()).isEqualTo(source.blobDigests());
  }

  @Test
  void aFailingBlobMovesNoTag() {
    MemoryStore source = image();
    MemoryStore target = MemoryStore.create();
    ImageSink failing = new Recording(target) {
      @Override
      public void putBlob(Descriptor blob, Supplier<InputStream> content) {
        if (blob.mediaType().equals(MediaType.OCI_CONFIG.value())) {
          super.putBlob(blob, () -> new ByteArrayInputStream("not the config".getBytes(StandardCharsets.UTF_8)));
        }
        super.putBlob(blob, content);
      }
    };

    assertThatThrownBy(() -> ImageCopy.copy(source, "1.0", failing, List.of("1.0")))
        .isInstanceOf(InvalidContentException.class)
        .hasMessageContaining("arrived as");
    assertThat(target.tags()).isEmpty();
  }

  @Test
  void aMissingTagSaysWhatTheSourceHas() {
    assertThatThrownBy(() -> ImageCopy.copy(image(), "2.0", MemoryStore.create(), List.of()))
        .isInstanceOf(ImageNotFoundException.class)
        .hasMessageContaining("No manifest '2.0'")
        .hasMessageContaining("[1.0]");
  }

  /** A sink that records each call, in order, and passes it on. */
  private static class Recording implements ImageSink {
    final MemoryStore target;
    final List<String> steps = new ArrayList<>();

    Recording(MemoryStore target) {
      this.target = target;
    }

    @Override
    public String name() {
      return "recording";
    }

    @Override
    public boolean hasBlob(Digest digest) {
      return target.hasBlob(digest);
    }

    @Override
    public void putBlob(Descriptor blob, Supplier<InputStream> content) {
      steps.add("blob " + blob.digest());
      target.putBlob(blob, content);
    }

    @Override
    public void putManifest(Descriptor entry, ImageContent content) {
      steps.add((content instanceof Index ? "index " : "manifest ") + content.digest());
      target.putManifest(entry, content);
    }

    @Override
    public void tag(String tag, ImageContent content) {
      steps.add("tag " + tag);
      target.tag(tag, content);
    }
  }
}
