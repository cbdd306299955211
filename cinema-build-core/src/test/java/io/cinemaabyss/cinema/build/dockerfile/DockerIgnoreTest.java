package io.cinemaabyss.cinema.build.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** .dockerignore matching as the Docker client does it, and the context archive sent to the daemon. */
class DockerIgnoreTest {

  @TempDir Path dir;

  @Test
  void patternsMatchLikeTheDockerClient() {
    DockerIgnore ignore =
        DockerIgnore.parse(
            """
            # comment
            target
            **/*.log
            /secrets/*.pem
            docs/**
            !docs/README.md
            *.tmp
            ?.bak
            """);
    assertThat(ignore.excludes("target")).isTrue();
    assertThat(ignore.excludes("target/classes/A.class")).as("a parent directory matches").isTrue();
    assertThat(ignore.excludes("sub/target")).isFalse();
    assertThat(ignore.excludes("a.log")).isTrue();
    assertThat(ignore.excludes("x/y/z.log")).isTrue();
    assertThat(ignore.excludes("secrets/key.pem")).isTrue();
    assertThat(ignore.excludes("secrets/deep/key.pem")).isFalse();
    assertThat(ignore.excludes("docs/guide.md")).isTrue();
    assertThat(ignore.excludes("docs/README.md")).as("re-included").isFalse();
    assertThat(ignore.excludes("x.tmp")).isTrue();
    assertThat(ignore.excludes("dir/x.tmp")).isFalse();
    assertThat(ignore.excludes("a.bak")).isTrue();
    assertThat(ignore.excludes("ab.bak")).isFalse();
    assertThat(ignore.excludes("main.go")).isFalse();
  }

  @Test
  void theContextArchiveLeavesIgnoredFilesOutAndCarriesTheGeneratedDockerfile() throws IOException {
    Files.writeString(dir.resolve("main.go"), "package main\n");
    Files.writeString(dir.resolve("Dockerfile"), "FROM alpine\n");
    Files.createDirectories(dir.resolve("target/classes"));
    Files.writeString(dir.resolve("target/classes/A.class"), "x");
    Files.createDirectories(dir.resolve("cmd/app"));
    Files.writeString(dir.resolve("cmd/app/app.go"), "package main\n");
    Files.createSymbolicLink(dir.resolve("link.go"), Path.of("main.go"));
    Files.writeString(dir.resolve(".dockerignore"), "target\n");
    Path tar = dir.resolve("../context.tar").normalize();
    int files = BuildContextArchive.write(dir, tar, ".cinema-build.Dockerfile.linux-arm64", "FROM --platform=linux/arm64 alpine\n");
    Map<String, String> entries = read(tar);
    assertThat(entries.keySet())
        .containsExactly("Dockerfile", "cmd/", "cmd/app/", "cmd/app/app.go", "link.go", "main.go", ".dockerignore", ".cinema-build.Dockerfile.linux-arm64");
    assertThat(files).isEqualTo(3);
    assertThat(entries.get("link.go")).isEqualTo("-> main.go");
    assertThat(entries.get(".dockerignore")).isEqualTo("target\n\n.cinema-build.Dockerfile.linux-arm64\n");
    assertThat(entries.get(".cinema-build.Dockerfile.linux-arm64")).isEqualTo("FROM --platform=linux/arm64 alpine\n");
  }

  @Test
  void withoutADockerignoreTheGeneratedOneRemovesItselfToo() throws IOException {
    Files.writeString(dir.resolve("main.go"), "package main\n");
    Path tar = dir.resolve("../context2.tar").normalize();
    BuildContextArchive.write(dir, tar, ".df", "FROM a\n");
    assertThat(read(tar).get(".dockerignore")).isEqualTo(".dockerignore\n.df\n");
  }

  private static Map<String, String> read(Path tarFile) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    try (InputStream in = Files.newInputStream(tarFile);
        TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        out.put(e.getName(), e.isSymbolicLink() ? "-> " + e.getLinkName() : new String(tar.readAllBytes(), StandardCharsets.UTF_8));
        assertThat(e.getLongUserId()).isZero();
      }
    }
    return out;
  }
}
