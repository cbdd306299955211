package io.cinemaabyss.cinema.check;

import io.cinemaabyss.cinema.build.go.GoBinary;
import io.cinemaabyss.cinema.build.go.GoBuildOptions;
import io.cinemaabyss.cinema.build.go.GoCrossCompiler;
import io.cinemaabyss.cinema.build.go.GoToolchain;
import io.cinemaabyss.cinema.oci.Platform;
import io.cinemaabyss.cinema.testing.Commands;
import io.cinemaabyss.cinema.testing.TestServices;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A tiny real Go program, cross-compiled once per test run for linux/amd64 and linux/arm64: prints
 * {@code tiny <os>/<arch>}, exits 3 with {@code --fail}, and never ends with {@code --hang}.
 */
final class TinyProgram {

  static final String MAIN = """
      package main

      import (
      	"fmt"
      	"os"
      	"runtime"
      	"time"
      )

      func main() {
      	if len(os.Args) > 1 && os.Args[1] == "--fail" {
      		fmt.Fprintln(os.Stderr, "tiny: failing on purpose")
      		os.Exit(3)
      	}
      	if len(os.Args) > 1 && os.Args[1] == "--hang" {
      		time.Sleep(time.Hour)
      	}
      	fmt.Printf("tiny %s/%s\\n", runtime.GOOS, runtime.GOARCH)
      }
      """;

  private static Path module;
  private static Map<String, Path> binaries;

  private TinyProgram() {}

  /** The Go module directory (go.mod + main.go). */
  static synchronized Path module() {
    if (module == null) {
      try {
        module = Files.createTempDirectory("cinema-tiny-");
        Files.writeString(module.resolve("go.mod"), "module example.com/tiny\n\ngo 1.19\n");
        Files.writeString(module.resolve("main.go"), MAIN);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return module;
  }

  /** The binary for {@code arch} (amd64 or arm64). */
  static synchronized byte[] binary(String arch) {
    if (binaries == null) {
      TestServices.require("CINEMA_TEST_REGISTRY", "the test services (for go and the registry)");
      GoCrossCompiler compiler = new GoCrossCompiler(GoToolchain.locate(Optional.empty(), System.getenv()));
      List<GoBinary> built = compiler.compile(
          module(), Platform.parseAll("linux/amd64,linux/arm64"), GoBuildOptions.defaults().withLdflags("-s -w"),
          module().resolve("bin"), "tiny");
      binaries = Map.of("amd64", built.get(0).path(), "arm64", built.get(1).path());
    }
    try {
      return Files.readAllBytes(binaries.get(arch));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A layer holding the binary at /usr/local/bin/tiny, with its directories. */
  static byte[] appLayer(String arch) {
    return new SyntheticLayers.Tar(true)
        .dir("usr").dir("usr/local").dir("usr/local/bin")
        .file("usr/local/bin/tiny", binary(arch))
        .bytes();
  }

  /** Pushes the image tagged {@code tag} in the layout at {@code layout} to the plain test registry, with skopeo. */
  static String push(Path layout, String tag, String repository) {
    String reference = TestServices.registry() + "/inspect-it/" + repository + ":" + tag;
    Commands.run(List.of(
            "skopeo", "copy", "--all", "--preserve-digests", "--dest-tls-verify=false",
            "oci:" + layout + ":" + tag, "docker://" + reference))
        .requireSuccess();
    return reference;
  }

  /** Pushes as a Docker manifest list of Docker v2 manifests: skopeo converts the OCI index. */
  static String pushAsDockerList(Path layout, String tag, String repository) {
    String reference = TestServices.registry() + "/inspect-it/" + repository + ":" + tag;
    Commands.run(List.of(
            "skopeo", "copy", "--all", "--format", "v2s2", "--dest-tls-verify=false",
            "oci:" + layout + ":" + tag, "docker://" + reference))
        .requireSuccess();
    return reference;
  }
}
