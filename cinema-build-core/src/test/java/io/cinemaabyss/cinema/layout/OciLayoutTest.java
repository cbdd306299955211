package io.cinemaabyss.cinema.layout;

import io.cinemaabyss.cinema.oci.Digest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.oci.Descriptor;
import io.cinemaabyss.cinema.oci.MediaType;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciLayoutTest {

  @TempDir Path dir;

  @Test
  void createsTheLayoutFilesOnce() throws Exception {
    OciLayout layout = OciLayout.create(dir);
    assertThat(Files.readString(dir.resolve("oci-layout"))).contains("\"imageLayoutVersion\":\"1.0.0\"");
    assertThat(layout.entries()).isEmpty();
    OciLayout.create(dir);
    assertThat(Files.isDirectory(dir.resolve("blobs/sha256"))).isTrue();
  }

  @Test
  void blobsAreContentAddressed() {
    OciLayout layout = OciLayout.create(dir);
    byte[] content = "hello".getBytes(StandardCharsets.UTF_8);
    Descriptor d = layout.writeBlob("text/plain", content);
    assertThat(d.digest()).isEqualTo(Digest.of(content));
    assertThat(d.size()).isEqualTo(5);
    assertThat(layout.readBlob(d.digest())).isEqualTo(content);
  }

  @Test
  void importRefusesContentThatDoesNotMatchItsDigest() {
    OciLayout layout = OciLayout.create(dir);
    String wrong = "sha256:" + "0".repeat(64);
    assertThatThrownBy(
            () -> layout.importBlob("x", new ByteArrayInputStream(new byte[] {1, 2, 3}), Optional.of(Digest.parse(wrong))))
        .isInstanceOf(CinemaException.class)
        .hasMessageContaining("does not match its digest");
    assertThat(layout.hasBlob(Digest.parse(wrong))).isFalse();
  }

  @Test
  void taggingReplacesOnlyThatTagAndKeepsTheOthers() {
    OciLayout layout = OciLayout.create(dir);
    Descriptor one = layout.writeBlob(MediaType.OCI_INDEX.value(), "{\"one\":1}".getBytes(StandardCharsets.UTF_8));
    Descriptor two = layout.writeBlob(MediaType.OCI_INDEX.value(), "{\"two\":2}".getBytes(StandardCharsets.UTF_8));
    layout.tag("1.0", one);
    layout.tag("latest", one);
    layout.tag("1.0", two);

    assertThat(layout.resolve("1.0")).map(Descriptor::digest).contains(two.digest());
    assertThat(layout.resolve("latest")).map(Descriptor::digest).contains(one.digest());
    assertThat(layout.entries()).hasSize(2);
  }

  @Test
  void cannotTagWhatIsNotInTheLayout() {
    OciLayout layout = OciLayout.create(dir);
    assertThatThrownBy(() -> layout.tag("x", new Descriptor(MediaType.OCI_INDEX.value(), Digest.parse("sha256:" + "1".repeat(64)), 2)))
        .hasMessageContaining("is not in");
    assertThat(layout.entries()).isEmpty();
  }

  @Test
  void openingANonLayoutSaysSo() {
    assertThatThrownBy(() -> OciLayout.open(dir.resolve("nothing")))
        .hasMessageContaining("is not an OCI image layout");
  }
}
