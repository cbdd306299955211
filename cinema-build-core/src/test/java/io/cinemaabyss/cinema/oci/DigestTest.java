package io.cinemaabyss.cinema.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DigestTest {

  private static final String EMPTY = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  @Test
  void hashesBytesAndStreamsTheSame() throws Exception {
    assertThat(Digest.of(new byte[0])).hasToString(EMPTY);
    byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
    Digest.Sized sized = Digest.of(new ByteArrayInputStream(hello));
    assertThat(sized.digest()).isEqualTo(Digest.of(hello));
    assertThat(sized.size()).isEqualTo(5);
    assertThat(Digest.of(hello).hex()).startsWith("2cf24dba5fb0");
  }

  @Test
  void parsesWhatItPrints() {
    Digest digest = Digest.parse(EMPTY);
    assertThat(digest.algorithm()).isEqualTo("sha256");
    assertThat(Digest.parse(digest.toString())).isEqualTo(digest);
    assertThat(digest.abbreviated()).isEqualTo("e3b0c44298fc");
    assertThat(Digest.isDigest(EMPTY)).isTrue();
    assertThat(Digest.isDigest("1.0")).isFalse();
  }

  @Test
  void refusesWhatIsNotADigestSayingWhy() {
    assertThatThrownBy(() -> Digest.parse("sha256:abc")).isInstanceOf(InvalidContentException.class)
        .hasMessageContaining("64 lowercase hex digits");
    assertThatThrownBy(() -> Digest.parse(EMPTY.toUpperCase())).hasMessageContaining("sha256 or sha512");
    assertThatThrownBy(() -> Digest.parse("sha256:" + "E".repeat(64))).hasMessageContaining("lowercase hex");
    assertThatThrownBy(() -> Digest.parse("md5:abc")).hasMessageContaining("sha256 or sha512");
    assertThatThrownBy(() -> Digest.parse("latest")).hasMessageContaining("'latest' is not a digest");
    assertThatThrownBy(() -> Digest.parse("")).hasMessageContaining("missing");
  }
}
