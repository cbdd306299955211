package io.cinemaabyss.cinema.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cinemaabyss.cinema.BuildLog;
import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.testing.MoviesServiceImages;
import io.cinemaabyss.cinema.testing.TestServices;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rebuild compared with a pushed image: the same bytes say so, a changed binary is named by platform, layer and file. */
class CompareTest {

  @TempDir Path dir;

  @Test
  void aPushedImageIsTheSameAsItsLayoutAndARebuildWithOtherLdflagsIsNamedDownToTheFile() {
    String registry = TestServices.registry();
    Layout built = build("1.0");
    Registry pushed = Registry.of(registry + "/compare-test/movies-" + UUID.randomUUID().toString().substring(0, 8) + ":1.0")
        .connection(Connection.defaults().insecure(List.of(registry)));
    Cinema.copy(built, pushed).run();

    Comparison same = Cinema.compare(built, pushed, BuildLog.NONE).requireSame();
    assertThat(same.same()).isTrue();
    assertThat(same.summary()).contains("the same image", same.actualDigest());

    Layout rebuilt = build("other");
    Comparison differs = Cinema.compare(rebuilt, pushed, BuildLog.NONE);

    assertThat(differs.same()).isFalse();
    assertThat(differs.differences()).anySatisfy(line -> assertThat(line)
        .startsWith("linux/amd64: layer 2 of 2 differs (").contains("usr/local/bin/movies-service: content sha256:", " vs sha256:").doesNotContain("mode", "owner"));
    assertThat(differs.differences()).anySatisfy(line -> assertThat(line).startsWith("linux/arm64: ").contains("usr/local/bin/movies-service"));
    assertThatThrownBy(differs::requireSame).isInstanceOf(CinemaException.class)
        .hasMessageContaining(differs.actualDigest()).hasMessageContaining(differs.expectedDigest());
  }

  /** The service for two platforms, its version given by ldflags, in a layout of its own. */
  private Layout build(String version) {
    Layout layout = Layout.at(dir.resolve("build-" + version)).tag("1.0");
    Cinema.go(MoviesServiceImages.moduleDir()).platforms("linux/amd64", "linux/arm64").ldflags("-s -w -X main.version=" + version)
        .workDirectory(dir.resolve("work-" + version)).to(layout);
    return layout;
  }
}
