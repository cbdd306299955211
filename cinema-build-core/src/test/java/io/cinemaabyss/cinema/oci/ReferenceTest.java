package io.cinemaabyss.cinema.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReferenceTest {

  private static final String DIGEST = "sha256:" + "a".repeat(64);

  @ParameterizedTest
  @CsvSource({
    "ghcr.io/owner/movies:1.0, ghcr.io, owner/movies, 1.0",
    "127.0.0.1:5000/movies, 127.0.0.1:5000, movies, ",
    "localhost/a/b/c:x_Y.z-1, localhost, a/b/c, x_Y.z-1",
    "busybox, docker.io, library/busybox, ",
    "owner/movies:latest, docker.io, owner/movies, latest",
    "[::1]:5000/m:1, [::1]:5000, m, 1",
  })
  void parsesTheParts(String text, String registry, String repository, String tag) {
    Reference ref = Reference.parse(text);
    assertThat(ref.registry()).isEqualTo(registry);
    assertThat(ref.repository()).isEqualTo(repository);
    assertThat(ref.tag()).isEqualTo(Optional.ofNullable(tag));
    assertThat(Reference.parse(ref.toString())).isEqualTo(ref);
  }

  @Test
  void aDigestPinsIt() {
    Reference ref = Reference.parse("127.0.0.1:5000/movies:1.0@" + DIGEST);
    assertThat(ref.digest()).contains(Digest.parse(DIGEST));
    assertThat(ref.tag()).contains("1.0");
    assertThat(ref.qualifier()).isEqualTo(DIGEST);
    assertThat(ref.withTag("2").qualifier()).isEqualTo("2");
    assertThat(ref.withTag("2").toString()).isEqualTo("127.0.0.1:5000/movies:2");
    assertThat(Reference.parse("r.io/m").qualifier()).isEqualTo("latest");
    assertThat(ref.repositoryName()).isEqualTo("127.0.0.1:5000/movies");
  }

  @ParameterizedTest
  @CsvSource({
    "busybox:1, registry-1.docker.io, busybox:1",
    "docker.io/library/busybox, registry-1.docker.io, busybox",
    "owner/movies:1.0, registry-1.docker.io, owner/movies:1.0",
    "registry-1.docker.io/owner/movies, registry-1.docker.io, owner/movies",
    "docker.io/library/a/b:1, registry-1.docker.io, library/a/b:1",
    "index.docker.io/library/busybox:1, index.docker.io, index.docker.io/library/busybox:1",
    "ghcr.io/owner/movies:1.0, ghcr.io, ghcr.io/owner/movies:1.0",
    "127.0.0.1:5000/movies, 127.0.0.1:5000, 127.0.0.1:5000/movies",
  })
  void dockerHubIsReachedAtItsApiHostAndShownAsDockerShowsIt(String text, String host, String familiar) {
    Reference ref = Reference.parse(text);
    assertThat(ref.host()).isEqualTo(host);
    assertThat(ref.familiarString()).isEqualTo(familiar);
    Reference again = Reference.parse(ref.familiarString());
    assertThat(again.host()).isEqualTo(host);
    assertThat(again.repository()).isEqualTo(ref.repository());
    assertThat(again.tag()).isEqualTo(ref.tag());
  }

  @Test
  void theFamiliarFormKeepsTheDigest() {
    Reference ref = Reference.parse("busybox:1@" + DIGEST);
    assertThat(ref.familiarName()).isEqualTo("busybox");
    assertThat(ref.familiarString()).isEqualTo("busybox:1@" + DIGEST);
    assertThat(ref.withDigest(Digest.parse(DIGEST)).familiarString()).isEqualTo("busybox@" + DIGEST);
  }

  @Test
  void errorsSayWhatIsWrong() {
    assertThatThrownBy(() -> Reference.parse("ghcr.io/Owner/Movies:1.0")).isInstanceOf(InvalidContentException.class)
        .hasMessageContaining("repository names must be lowercase ('Owner/Movies' has capitals; use 'owner/movies')")
        .hasMessageContaining("e.g. ghcr.io/owner/movies:1.0");
    assertThatThrownBy(() -> Reference.parse("")).hasMessageContaining("it is empty");
    assertThatThrownBy(() -> Reference.parse("ghcr.io/a b")).hasMessageContaining("it contains a space");
    assertThatThrownBy(() -> Reference.parse("ghcr.io/movies:.bad")).hasMessageContaining("'.bad' is not a valid tag");
    assertThatThrownBy(() -> Reference.parse("ghcr.io/a//b")).hasMessageContaining("is not a repository name component");
    assertThatThrownBy(() -> Reference.parse("ghcr.io/-a")).hasMessageContaining("'-a' in '-a'");
    assertThatThrownBy(() -> Reference.parse("ghcr.io/a@sha256:12")).hasMessageContaining("not a valid sha256 digest");
    assertThatThrownBy(() -> Reference.parse("ghcr.io/")).hasMessageContaining("the repository name is missing");
    assertThatThrownBy(() -> new Reference("bad host", "a", Optional.empty(), Optional.empty()))
        .hasMessageContaining("'bad host' is not a registry host[:port]");
  }
}
