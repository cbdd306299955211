package io.cinemaabyss.cinema.attest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cinemaabyss.cinema.testing.Commands;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Given a real Go binary with a replaced dependency, its build information reads as `go version -m` prints it. */
class GoBuildInfoTest {

  @TempDir static Path dir;
  static Path binary;

  @BeforeAll
  static void build() throws Exception {
    binary = buildWithDependency(dir);
  }

  /** Builds example.com/withdeps for linux/arm64, with github.com/lib/pq replaced by Debian's source. */
  static Path buildWithDependency(Path dir) throws Exception {
    Path src = dir.resolve("src");
    Files.createDirectories(src);
    Files.writeString(src.resolve("go.mod"), """
        module example.com/withdeps

        go 1.19

        require github.com/lib/pq v1.10.7

        replace github.com/lib/pq => /usr/share/gocode/src/github.com/lib/pq
        """);
    Files.writeString(src.resolve("main.go"), """
        package main

        import "github.com/lib/pq"

        func main() { println(pq.QuoteIdentifier("a")) }
        """);
    Files.writeString(dir.resolve("empty.mod"), "");
    Map<String, String> env = new HashMap<>(System.getenv());
    env.putAll(Map.of("GOOS", "linux", "GOARCH", "arm64", "CGO_ENABLED", "0", "GOFLAGS", "-mod=mod", "GOPROXY", "off",
        "GOCACHE", dir.resolve("cache").toString(), "GOPATH", dir.resolve("gopath").toString()));
    Path binary = dir.resolve("withdeps");
    Commands.run(List.of("go", "build", "-trimpath", "-ldflags=-s -w -X main.v=1", "-o", binary.toString(), "."), src, env, 300)
        .requireSuccess();
    return binary;
  }

  @Test
  void readsWhatGoVersionMPrints() throws Exception {
    GoBuildInfo info = GoBuildInfo.read(Files.readAllBytes(binary)).orElseThrow();
    String printed = Commands.run("go", "version", "-m", binary.toString()).requireSuccess().output();

    assertThat(printed).startsWith(binary + ": " + info.goVersion());
    assertThat(info.path()).isEqualTo("example.com/withdeps");
    assertThat(info.main().path()).isEqualTo("example.com/withdeps");
    assertThat(info.deps()).singleElement().satisfies(d -> {
      assertThat(d.path()).isEqualTo("github.com/lib/pq");
      assertThat(d.version()).isEqualTo("v1.10.7");
      assertThat(d.replacement()).hasValueSatisfying(r -> assertThat(r.path()).isEqualTo("/usr/share/gocode/src/github.com/lib/pq"));
    });
    assertThat(info.settings()).containsEntry("GOARCH", "arm64").containsEntry("CGO_ENABLED", "0")
        .containsEntry("-trimpath", "true")
        // with -trimpath Go leaves -ldflags out of the binary (they may hold paths): provenance takes them from the build
        .doesNotContainKey("-ldflags");
    for (Map.Entry<String, String> e : info.settings().entrySet()) {
      assertThat(printed).contains("build\t" + e.getKey() + "=");
    }
  }

  @Test
  void aFileThatIsNotAGoBinaryHasNone() throws Exception {
    assertThat(GoBuildInfo.read(Files.readAllBytes(Path.of("/bin/sh")))).isEmpty();
    assertThat(GoBuildInfo.read(new byte[10])).isEmpty();
  }

  @Test
  void aCutBinaryIsAClearError() throws Exception {
    byte[] all = Files.readAllBytes(binary);
    int at = indexOf(all, "\u00ff Go buildinf:".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    byte[] cut = java.util.Arrays.copyOf(all, at + 40);
    assertThatThrownBy(() -> GoBuildInfo.read(cut)).hasMessageContaining("cut short");
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
