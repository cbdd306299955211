package io.cinemaabyss.cinema.assemble;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cinemaabyss.cinema.oci.Platform;
import io.cinemaabyss.cinema.testing.Commands;
import io.cinemaabyss.cinema.testing.LayoutFiles;
import io.cinemaabyss.cinema.testing.TestServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Given a Go program built on the default base (the built-in static one), when containerd pulls it
 * or podman pulls it from the registry and runs it, for amd64 and for arm64 (through binfmt), then it
 * finds the system
 * CA certificates, loads a time zone, writes to /tmp, and runs as nonroot 65532.
 */
class StaticBaseRuntimeTest {

  static final String PROBE = """
      package main

      import (
      	"crypto/x509"
      	"fmt"
      	"os"
      	"runtime"
      	"time"
      )

      func main() {
      	pool, err := x509.SystemCertPool()
      	if err != nil || len(pool.Subjects()) == 0 {
      		fmt.Println("no system certificates:", err)
      		os.Exit(2)
      	}
      	loc, err := time.LoadLocation("Europe/Paris")
      	if err != nil {
      		fmt.Println("no time zone:", err)
      		os.Exit(3)
      	}
      	f, err := os.CreateTemp("", "probe")
      	if err != nil {
      		fmt.Println("no tmp:", err)
      		os.Exit(4)
      	}
      	f.Close()
      	fmt.Printf("%s uid=%d certs=%d tz=%s tmp=%s home=%s\\n", runtime.GOARCH, os.Getuid(), len(pool.Subjects()), loc, f.Name(), os.Getenv("HOME"))
      }
      """;

  @TempDir static Path dir;
  static BuildResult built;
  static String pushed;

  @BeforeAll
  static void buildAndPush() throws Exception {
    Path module = dir.resolve("probe");
    Files.createDirectories(module);
    Files.writeString(module.resolve("go.mod"), "module example.com/probe\n\ngo 1.19\n");
    Files.writeString(module.resolve("main.go"), PROBE);
    built = GoImageBuild.module(module)
        .platforms(Platform.parseAll("linux/amd64,linux/arm64"))
        .environment(GoImageBuildTest.env(Map.of()))
        .buildTo(dir.resolve("oci"), "1");
    pushed = TestServices.registry() + "/static-it/probe:1";
    Commands.run(List.of("skopeo", "copy", "--all", "--dest-tls-verify=false", "oci:" + built.layout().root() + ":1", "docker://" + pushed))
        .requireSuccess();
  }

  @Test
  void theConfigRunsAsNonrootWithPathAndTheCertificateFile() {
    JsonNode config = LayoutFiles.config(built.layout(), "1", Platform.parse("linux/arm64")).path("config");
    assertThat(config.path("User").asText()).isEqualTo("65532:65532");
    List<String> env = new ArrayList<>();
    config.path("Env").forEach(e -> env.add(e.asText()));
    assertThat(env).containsAll(StaticBase.ENV);
  }

  @Test
  void theStaticBaseIsTheSameBytesEachTimeItIsMade() {
    assertThat(StaticBase.fromHost().digest()).isEqualTo(StaticBase.fromHost().digest());
    assertThat(StaticBase.fromHost().inputs()).anyMatch(i -> i.startsWith("debian tzdata "));
  }

  @Test
  void aLayerTheUserGivesTakesThePlaceOfTheMadeOne() throws Exception {
    Path layer = dir.resolve("company-base.tar.gz");
    try (var out = new org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream(Files.newOutputStream(layer));
        var tar = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(out)) {
      byte[] pem = "company CA\n".getBytes();
      var entry = new org.apache.commons.compress.archivers.tar.TarArchiveEntry("etc/ssl/certs/ca-certificates.crt");
      entry.setSize(pem.length);
      tar.putArchiveEntry(entry);
      tar.write(pem);
      tar.closeArchiveEntry();
    }
    BuildResult custom = GoImageBuild.module(dir.resolve("probe"))
        .platforms(Platform.parseAll("linux/arm64"))
        .staticBaseLayer(layer)
        .environment(GoImageBuildTest.env(Map.of()))
        .buildTo(dir.resolve("custom-oci"), "1");
    Path crt = LayoutFiles.extract(custom.layout(), "1", Platform.parse("linux/arm64"), "etc/ssl/certs/ca-certificates.crt", dir.resolve("crt"))
        .orElseThrow();
    assertThat(Files.readString(crt)).isEqualTo("company CA\n");
    assertThat(custom.base().digest()).contains(StaticBase.fromLayer(layer).digest());
    assertThat(LayoutFiles.config(custom.layout(), "1", Platform.parse("linux/arm64")).path("config").path("Env").toString())
        .contains("SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt");
  }

  @ParameterizedTest
  @ValueSource(strings = {"amd64", "arm64"})
  void containerdRunsItWithCertificatesTimeZonesTmpAndNonroot(String arch) {
    String socket = TestServices.require("CINEMA_TEST_CONTAINERD", "containerd (dockerd's)");
    TestServices.requireProgram("ctr");
    String platform = "linux/" + arch;
    List<String> ctr = List.of("ctr", "--address", socket, "--namespace", "cinema-test");
    Commands.run(concat(ctr, "images", "pull", "--plain-http", "--platform", platform, pushed)).requireSuccess();
    String id = "static-probe-" + arch + "-" + ProcessHandle.current().pid();
    String out = Commands.run(concat(ctr, "run", "--rm", "--platform", platform, pushed, id)).requireSuccess().output();
    assertThat(out.strip()).matches(arch + " uid=65532 certs=[1-9][0-9]* tz=Europe/Paris tmp=/tmp/probe[0-9]+ home=.*");
  }

  @ParameterizedTest
  @ValueSource(strings = {"amd64", "arm64"})
  void podmanPullsAndRunsItToo(String arch) throws Exception {
    TestServices.requireProgram("podman");
    String out = Commands.run(podman("run", "--rm", "--tls-verify=false", "--platform", "linux/" + arch, pushed), dir, podmanEnv(), 300)
        .requireSuccess().output();
    // the pull's progress comes first; podman takes HOME from the image's /etc/passwd
    List<String> lines = out.strip().lines().toList();
    assertThat(lines.get(lines.size() - 1)).matches(arch + " uid=65532 certs=[1-9][0-9]* tz=Europe/Paris tmp=/tmp/probe[0-9]+ home=/home/nonroot");
  }

  /**
   * podman with storage of the test's own, the runc runtime and cgroupfs, and no default rlimits:
   * this sandbox refuses setting rlimits and has hybrid cgroups, which crun does not run on.
   */
  static List<String> podman(String... args) {
    Path storage = dir.resolve("podman");
    return concat(List.of("podman", "--root", storage.resolve("root").toString(), "--runroot", storage.resolve("run").toString(),
        "--runtime", "runc", "--cgroup-manager", "cgroupfs"), args);
  }

  static Map<String, String> podmanEnv() throws java.io.IOException {
    Path conf = dir.resolve("containers.conf");
    Files.writeString(conf, "[containers]\ndefault_ulimits = []\n");
    Map<String, String> env = new java.util.HashMap<>(System.getenv());
    env.put("CONTAINERS_CONF", conf.toString());
    return env;
  }

  private static List<String> concat(List<String> head, String... tail) {
    List<String> out = new ArrayList<>(head);
    out.addAll(List.of(tail));
    return out;
  }
}
