package io.cinemaabyss.cinema.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same sources make the same image anywhere: two clones of one commit, in different
 * directories, built by root and by another user (owning the second clone, with umask 077), in
 * different time zones, with GOROOT at another path, give OCI layouts with the same bytes: the same
 * index.json and the same blobs, so the same index digest and everything it reaches.
 */
class ReproducibleBuildIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NOBODY = "nobody";

  @TempDir
  Path temp;

  @Test
  void twoClonesBuiltByTwoUsersWithAnotherGorootGiveTheSameBytes() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "building as another user needs root (setpriv)");
    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path origin = temp.resolve("origin");
    copyTree(Cli.REPO.resolve("examples/movies-service"), origin);
    sh(origin, "git init -q && git add -A && git -c user.name=t -c user.email=t@example.com commit -q -m sources"
        + " --date=2024-01-02T03:04:05Z");
    Path first = temp.resolve("a/movies-service"); // the binary is named after the directory: the same name
    Path second = temp.resolve("elsewhere/deeper/movies-service");
    sh(temp, "mkdir -p a elsewhere/deeper && git clone -q " + origin + " " + first + " && git clone -q " + origin + " " + second);

    Path goroot = temp.resolve("toolchains/go-moved");
    String realGoroot = sh(temp, "go env GOROOT").strip();
    sh(temp, "mkdir -p " + goroot + " && cp -aL " + realGoroot + "/bin " + realGoroot + "/pkg " + realGoroot + "/VERSION " + goroot
        + " && for d in api misc src test; do ln -s \"$(readlink -f " + realGoroot + "/$d)\" " + goroot + "/$d; done");
    Path home = temp.resolve("home-nobody");
    Path outSecond = temp.resolve("out-nobody");
    sh(temp, "mkdir -p " + home + " " + outSecond + " && chown -R " + NOBODY + " " + home + " " + outSecond + " " + second);

    Path outFirst = temp.resolve("out-root");
    Cli.Run a = new Cli(temp.resolve("docker-a")).env("TZ", "UTC").env("GOCACHE", temp.resolve("gocache-root").toString())
        .run("build", first.toString(), "--platform", "linux/amd64,linux/arm64", "--to", "oci:" + outFirst + ":1.0", "--json");
    assertThat(a.exit()).as(a.all()).isZero();

    Cli.Run b = new Cli(temp.resolve("docker-b")).env("TZ", "Pacific/Kiritimati").env("HOME", home.toString())
        .env("GOCACHE", home.resolve("gocache").toString()).env("GOROOT", goroot.toString())
        .env("PATH", goroot.resolve("bin") + ":" + System.getenv("PATH"))
        .under(List.of("setpriv", "--reuid=" + NOBODY, "--regid=nogroup", "--clear-groups", "--", "sh", "-c", "umask 077; cd \"$HOME\" && exec \"$@\"", "sh"))
        .run("build", second.toString(), "--platform", "linux/amd64,linux/arm64", "--to", "oci:" + outSecond + ":1.0", "--json");
    assertThat(b.exit()).as(b.all()).isZero();

    String digestA = JSON.readTree(a.out()).path("digest").asText();
    assertThat(digestA).startsWith("sha256:");
    assertThat(JSON.readTree(b.out()).path("digest").asText()).as("the index digest of the second build").isEqualTo(digestA);
    assertThat(Files.readString(outSecond.resolve("index.json"))).isEqualTo(Files.readString(outFirst.resolve("index.json")));
    assertThat(blobs(outSecond)).as("the blobs of the second layout").isEqualTo(blobs(outFirst));
  }

  /** Every blob of a layout and its size. */
  private static Map<String, Long> blobs(Path layout) throws IOException {
    Map<String, Long> blobs = new TreeMap<>();
    try (Stream<Path> files = Files.walk(layout.resolve("blobs"))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        blobs.put(layout.relativize(file).toString(), Files.size(file));
      }
    }
    assertThat(blobs).as("blobs in " + layout).isNotEmpty();
    return blobs;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else if (!file.getFileName().toString().equals("pom.xml")) {
          Files.copy(file, target);
        }
      }
    }
  }

  /** Runs {@code script} with sh in {@code dir}; its output, or a failure quoting it. */
  private static String sh(Path dir, String script) throws IOException, InterruptedException {
    Process process = new ProcessBuilder("sh", "-c", script).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("sh -c " + script + " ended").isTrue();
    assertThat(process.exitValue()).as("sh -c " + script + ":\n" + output).isZero();
    return output;
  }
}
