package io.cinemaabyss.cinema.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

/** Finding a file through layers: later layers win, whiteouts delete, symlinks and hard links lead on. */
class LayerFilesTest {

  /** name -> content; "->x" makes a symlink to x, "=>x" a hard link to x, "/" a directory. */
  private static byte[] layer(boolean gzip, String... entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip ? new GZIPOutputStream(bytes) : bytes)) {
      for (int i = 0; i < entries.length; i += 2) {
        String name = entries[i];
        String content = entries[i + 1];
        TarArchiveEntry e;
        if (content.startsWith("->")) {
          e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
          e.setLinkName(content.substring(2));
        } else if (content.startsWith("=>")) {
          e = new TarArchiveEntry(name, TarArchiveEntry.LF_LINK);
          e.setLinkName(content.substring(2));
        } else if (content.equals("/")) {
          e = new TarArchiveEntry(name + "/");
        } else {
          e = new TarArchiveEntry(name);
          e.setSize(content.length());
        }
        tar.putArchiveEntry(e);
        if (!content.startsWith("->") && !content.startsWith("=>") && !content.equals("/")) {
          tar.write(content.getBytes(StandardCharsets.UTF_8));
        }
        tar.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  @Test
  void resolvesThroughLayersWhiteoutsAndLinks() throws IOException {
    List<byte[]> layers =
        List.of(
            layer(true, "usr/", "/", "usr/bin/", "/", "usr/bin/busybox", "busybox-1", "bin", "->usr/bin", "etc/old", "old", "opt/a", "a"),
            layer(false, "./usr/bin/busybox", "busybox-2", "usr/bin/sh", "->busybox", "usr/bin/hard", "=>usr/bin/busybox",
                "etc/.wh.old", "", "opt/.wh..wh..opq", "", "opt/b", "b", "app/run", "->../usr/bin/sh"));
    LayerFiles files = LayerFiles.index(layers.size(), i -> new ByteArrayInputStream(layers.get(i)));
    assertThat(files.resolve("/usr/bin/busybox")).contains("usr/bin/busybox");
    assertThat(new String(files.head("usr/bin/busybox", 100), StandardCharsets.UTF_8)).isEqualTo("busybox-2");
    assertThat(files.resolve("/bin/sh")).as("directory symlink, then file symlink").contains("usr/bin/busybox");
    assertThat(files.resolve("/app/run")).as("relative symlink with ..").contains("usr/bin/busybox");
    assertThat(files.resolve("/usr/bin/hard")).contains("usr/bin/busybox");
    assertThat(files.resolve("/etc/old")).as("whiteout").isEmpty();
    assertThat(files.resolve("/opt/a")).as("opaque directory").isEmpty();
    assertThat(files.resolve("/opt/b")).contains("opt/b");
    assertThat(files.which("sh", List.of("/usr/local/bin", "/bin"), "")).contains("usr/bin/busybox");
    assertThat(files.which("missing", List.of("/bin"), "")).isEmpty();
  }

  @Test
  void aSymlinkLoopEnds() throws IOException {
    List<byte[]> layers = List.of(layer(false, "a", "->b", "b", "->a"));
    assertThat(LayerFiles.index(1, i -> new ByteArrayInputStream(layers.get(i))).resolve("a")).isEmpty();
  }
}
