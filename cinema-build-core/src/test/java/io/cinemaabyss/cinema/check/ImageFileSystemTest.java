package io.cinemaabyss.cinema.check;

import io.cinemaabyss.cinema.oci.InvalidContentException;
import static io.cinemaabyss.cinema.check.SyntheticLayers.AMD64;
import static io.cinemaabyss.cinema.check.SyntheticLayers.ARM64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cinemaabyss.cinema.check.ImageFileSystem.Status;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The layered file tree: whiteouts, opaque directories, symlinks, hardlinks and hostile paths. */
class ImageFileSystemTest {

  private static ImageFileSystem layers(SyntheticLayers.Tar... tars) {
    ImageFileSystem fs = ImageFileSystem.empty();
    for (int i = 0; i < tars.length; i++) {
      fs.beginLayer(i + 1, "sha256:layer" + (i + 1));
      LayerReader.read(new ByteArrayInputStream(tars[i].bytes()), "sha256:layer" + (i + 1), fs::apply);
    }
    return fs;
  }

  private static SyntheticLayers.Tar tar() {
    return new SyntheticLayers.Tar(true);
  }

  @Test
  void aFileInTheOnlyLayerIsFoundWithItsElfHeaderAndLocation() {
    ImageFileSystem fs = layers(tar().dir("usr").dir("usr/local").dir("usr/local/bin").file("usr/local/bin/app", ARM64));

    ImageFileSystem.Lookup app = fs.lookup("/usr/local/bin/app", true);

    assertThat(app.status()).isEqualTo(Status.FILE);
    assertThat(app.head()).startsWith(ARM64[0], ARM64[1], ARM64[2], ARM64[3]);
    assertThat(app.location().layer()).isEqualTo(1);
    assertThat(app.location().entryName()).isEqualTo("usr/local/bin/app");
  }

  @Test
  void aLaterLayerReplacesAFileAndAWhiteoutDeletesIt() {
    SyntheticLayers.Tar base = tar().file("app", AMD64);
    SyntheticLayers.Tar replace = tar().file("app", ARM64);
    SyntheticLayers.Tar delete = tar().file(".wh.app", new byte[0]);

    assertThat(layers(base, replace).lookup("/app", true).location().layer()).isEqualTo(2);

    ImageFileSystem.Lookup gone = layers(tar().file("app", AMD64), tar().file("app", ARM64), delete).lookup("/app", true);
    assertThat(gone.status()).isEqualTo(Status.MISSING);
    assertThat(gone.deletedBy()).contains("whiteout in layer 3").contains("sha256:layer3");
  }

  @Test
  void aFileAddedAfterItsWhiteoutExistsAgain() {
    ImageFileSystem fs = layers(tar().file("bin/app", AMD64), tar().file("bin/.wh.app", new byte[0]), tar().file("bin/app", ARM64));
    assertThat(fs.lookup("/bin/app", true).location().layer()).isEqualTo(3);
  }

  @Test
  void anOpaqueWhiteoutHidesLowerLayersButKeepsItsOwnLayer() {
    ImageFileSystem fs = layers(
        tar().file("etc/old", AMD64).file("etc/ssl/lower", AMD64),
        tar().file("etc/ssl/upper", ARM64).file("etc/.wh..wh..opq", new byte[0]).file("etc/new", ARM64));

    assertThat(fs.lookup("/etc/old", true).status()).isEqualTo(Status.MISSING);
    assertThat(fs.lookup("/etc/ssl/lower", true).status()).isEqualTo(Status.MISSING);
    assertThat(fs.lookup("/etc/ssl/upper", true).status()).isEqualTo(Status.FILE);
    assertThat(fs.lookup("/etc/new", true).status()).isEqualTo(Status.FILE);
  }

  @Test
  void absoluteAndRelativeSymlinksResolveInsideTheImageRoot() {
    ImageFileSystem fs = layers(tar()
        .file("usr/bin/busybox", ARM64)
        .symlink("bin", "usr/bin")
        .symlink("usr/bin/sh", "/usr/bin/busybox")
        .symlink("usr/local/app", "../../../../usr/bin/busybox"));

    ImageFileSystem.Lookup sh = fs.lookup("/bin/sh", true);
    assertThat(sh.status()).isEqualTo(Status.FILE);
    assertThat(sh.resolved()).isEqualTo("/usr/bin/busybox");
    // .. above the root stays at the root, as in a chroot
    assertThat(fs.lookup("/usr/local/app", true).resolved()).isEqualTo("/usr/bin/busybox");
    assertThat(fs.lookup("/bin/sh", false).status()).isEqualTo(Status.SYMLINK);
  }

  @Test
  void anEntryUnderASymlinkedDirectoryLandsAtTheLinkTarget() {
    ImageFileSystem fs = layers(tar().dir("usr/bin").symlink("bin", "/usr/bin"), tar().file("bin/tool", AMD64));

    ImageFileSystem.Lookup tool = fs.lookup("/usr/bin/tool", true);
    assertThat(tool.status()).isEqualTo(Status.FILE);
    assertThat(tool.location().entryName()).isEqualTo("bin/tool");
    assertThat(fs.lookup("/bin", false).status()).isEqualTo(Status.SYMLINK);
  }

  @Test
  void aHardlinkSharesTheContentOfItsTarget() {
    ImageFileSystem fs = layers(tar().file("bin/busybox", AMD64).hardlink("bin/sh", "bin/busybox"));

    ImageFileSystem.Lookup sh = fs.lookup("/bin/sh", true);
    assertThat(sh.status()).isEqualTo(Status.FILE);
    assertThat(sh.location().entryName()).isEqualTo("bin/busybox");
  }

  @Test
  void aDotSlashNameReplacesTheSameFileAndLinksChainThroughADirectoryLink() {
    // moved from the docker package's former layer walk: names with ./, a relative link after a directory link
    ImageFileSystem fs = layers(
        tar().dir("usr/").dir("usr/bin/").file("usr/bin/busybox", AMD64).symlink("bin", "usr/bin"),
        new SyntheticLayers.Tar(false).file("./usr/bin/busybox", ARM64).symlink("usr/bin/sh", "busybox")
            .hardlink("usr/bin/hard", "usr/bin/busybox").symlink("app/run", "../usr/bin/sh"));

    ImageFileSystem.Lookup sh = fs.lookup("/bin/sh", true);
    assertThat(sh.resolved()).isEqualTo("/usr/bin/busybox");
    assertThat(sh.location().layer()).isEqualTo(2);
    assertThat(sh.head()[18]).as("the arm64 busybox of layer 2").isEqualTo(ARM64[18]);
    assertThat(fs.lookup("/app/run", true).resolved()).isEqualTo("/usr/bin/busybox");
    assertThat(fs.lookup("/usr/bin/hard", true).location().layer()).isEqualTo(2);
  }

  @Test
  void aSymlinkLoopIsAClearError() {
    ImageFileSystem fs = layers(tar().symlink("a", "b").symlink("b", "/a"));

    assertThatThrownBy(() -> fs.lookup("/a", true))
        .isInstanceOf(SymlinkLoopException.class)
        .hasMessageStartingWith("symlink loop at /")
        .hasMessageContaining("while resolving /a");
  }

  @Test
  void aTarPathEscapingTheRootIsRefused() {
    assertThatThrownBy(() -> layers(tar().file("../../etc/cron.d/evil", AMD64)))
        .isInstanceOf(LayerPathEscapeException.class)
        .hasMessageContaining("'../../etc/cron.d/evil'")
        .hasMessageContaining("outside the image root");
    assertThatThrownBy(() -> layers(tar().file("app", AMD64).hardlink("x", "a/../../etc/shadow")))
        .isInstanceOf(LayerPathEscapeException.class);
  }

  @Test
  void dotDotInsideTheRootIsFine() {
    ImageFileSystem fs = layers(tar().file("./usr/lib/../bin/app", AMD64));
    assertThat(fs.lookup("/usr/bin/app", true).status()).isEqualTo(Status.FILE);
  }

  @Test
  void aFileUnderAFileIsAClearError() {
    assertThatThrownBy(() -> layers(tar().file("bin", AMD64), tar().file("bin/app", AMD64)))
        .isInstanceOf(InvalidContentException.class)
        .hasMessageContaining("not a directory");
  }

  @Test
  void overUnknownLayersATopLayerWithItsOwnDirectoriesSettlesThePath() {
    ImageFileSystem fs = ImageFileSystem.overUnknownLayers();
    fs.beginLayer(3, "sha256:top");
    List<LayerEntry> entries = new ArrayList<>();
    LayerReader.read(new ByteArrayInputStream(tar().dir("usr").dir("usr/local").dir("usr/local/bin")
        .file("usr/local/bin/app", AMD64).bytes()), "top", entries::add);
    entries.forEach(fs::apply);

    assertThat(fs.lookup("/usr/local/bin/app", true).status()).isEqualTo(Status.FILE);
    // anything the top layer does not name depends on the layers below
    assertThatThrownBy(() -> fs.lookup("/usr/local/bin/other", true)).isInstanceOf(ImageFileSystem.LowerLayersNeeded.class);
    assertThatThrownBy(() -> fs.lookup("/bin/sh", true)).isInstanceOf(ImageFileSystem.LowerLayersNeeded.class);
  }

  @Test
  void overUnknownLayersWhiteoutsAndOpaqueDirectoriesAreKnownAnswers() {
    ImageFileSystem fs = ImageFileSystem.overUnknownLayers();
    fs.beginLayer(2, "sha256:top");
    fs.apply(LayerEntry.directory("app/"));
    fs.apply(LayerEntry.file("app/.wh.server", new byte[0]));
    fs.apply(LayerEntry.directory("opt/"));
    fs.apply(LayerEntry.file("opt/.wh..wh..opq", new byte[0]));

    assertThat(fs.lookup("/app/server", true).status()).isEqualTo(Status.MISSING);
    assertThat(fs.lookup("/app/server", true).deletedBy()).contains("layer 2");
    assertThat(fs.lookup("/opt/anything", true).status()).isEqualTo(Status.MISSING);
    assertThatThrownBy(() -> fs.lookup("/app/other", true)).isInstanceOf(ImageFileSystem.LowerLayersNeeded.class);
  }

  @Test
  void overUnknownLayersAnEntryWithoutItsParentDependsOnLowerSymlinks() {
    ImageFileSystem fs = ImageFileSystem.overUnknownLayers();
    fs.beginLayer(2, "sha256:top");
    // where bin/app lands depends on whether a lower layer made /bin a symlink
    assertThatThrownBy(() -> fs.apply(LayerEntry.file("bin/app", AMD64))).isInstanceOf(ImageFileSystem.LowerLayersNeeded.class);
  }

  @Test
  void plainTarAndGzipTarReadTheSame() {
    List<LayerEntry> plain = new ArrayList<>();
    List<LayerEntry> gzip = new ArrayList<>();
    LayerReader.read(new ByteArrayInputStream(new SyntheticLayers.Tar(false).dir("bin").file("bin/app", ARM64).bytes()), "plain", plain::add);
    LayerReader.read(new ByteArrayInputStream(new SyntheticLayers.Tar(true).dir("bin").file("bin/app", ARM64).bytes()), "gzip", gzip::add);

    assertThat(plain).extracting(LayerEntry::name).containsExactly("bin/", "bin/app");
    assertThat(gzip).extracting(LayerEntry::name).containsExactly("bin/", "bin/app");
    assertThat(plain.get(1).head()).isEqualTo(gzip.get(1).head());
  }

  @Test
  void aZstdLayerIsAClearError() {
    byte[] zstd = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0, 0, 0, 0};
    assertThatThrownBy(() -> LayerReader.read(new ByteArrayInputStream(zstd), "sha256:z", e -> {}))
        .isInstanceOf(InvalidContentException.class)
        .hasMessageContaining("zstd");
  }

  @Test
  void garbageIsNotATar() {
    byte[] garbage = "this is not a tar archive at all, just words".repeat(20).getBytes();
    assertThatThrownBy(() -> LayerReader.read(new ByteArrayInputStream(garbage), "sha256:g", e -> {}))
        .isInstanceOf(InvalidContentException.class)
        .hasMessageContaining("sha256:g");
  }
}
