package io.cinemaabyss.cinema.assemble;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cinemaabyss.cinema.check.elf.ElfHeader;
import io.cinemaabyss.cinema.oci.ImageAnnotations;
import io.cinemaabyss.cinema.oci.Platform;
import io.cinemaabyss.cinema.remote.RegistryCredentials;
import io.cinemaabyss.cinema.testing.LayoutFiles;
import io.cinemaabyss.cinema.testing.TestServices;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Given a real multi-arch base in a registry, each platform's image is built on that platform's base. */
class RegistryBaseImageTest {

  @TempDir Path dir;

  @Test
  void eachPlatformGetsItsOwnBaseLayerAndTheIndexNamesTheBase() throws Exception {
    String base = TestServices.baseImage();
    java.util.List<String> log = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    BuildResult result =
        GoImageBuild.module(GoImageBuildTest.copyService(GoImageBuildTest.MOVIES, dir.resolve("movies-service")))
            .from(base)
            .allowInsecureRegistries(true)
            .log(io.cinemaabyss.cinema.BuildLog.of(log::add))
            .buildTo(dir.resolve("oci"), "on-busybox");
    // the base is read through our registry client: none of jib's per-request TLS probes or digest warnings
    assertThat(log).noneMatch(line -> line.contains("Attempting again") || line.contains("Cannot verify server")
        || line.contains("does not use a specific image digest"));
    var baseRegistry = io.cinemaabyss.cinema.remote.RegistryStore.of(base,
        io.cinemaabyss.cinema.remote.RegistryAccess.forLog(true, io.cinemaabyss.cinema.BuildLog.NONE));

    JsonNode index = LayoutFiles.index(result.layout(), "on-busybox");
    assertThat(index.path("annotations").path(ImageAnnotations.BASE_NAME).asText()).isEqualTo(base);
    assertThat(index.path("annotations").path(ImageAnnotations.BASE_DIGEST).asText()).startsWith("sha256:");
    assertThat(result.base().manifests()).hasSize(2);

    for (Platform platform : Platform.DEFAULTS) {
      JsonNode manifest = LayoutFiles.manifest(result.layout(), "on-busybox", platform);
      assertThat(manifest.path("layers")).hasSize(2);
      var baseManifest = (io.cinemaabyss.cinema.oci.Manifest) baseRegistry.manifest(result.base().manifests().get(platform));
      assertThat(manifest.path("layers").get(0).path("digest").asText())
          .as("the base layer keeps its digest, so a push mounts it from the base's repository")
          .isEqualTo(baseManifest.layers().get(0).digest().toString());
      Path shell = LayoutFiles.extract(result.layout(), "on-busybox", platform, "bin/busybox", dir.resolve("bb/" + platform.slug())).orElseThrow();
      assertThat(ElfHeader.read(shell).orElseThrow().architecture()).isEqualTo(platform.architecture());
      Path app = LayoutFiles.extract(result.layout(), "on-busybox", platform, "usr/local/bin/movies-service", dir.resolve("app/" + platform.slug())).orElseThrow();
      assertThat(ElfHeader.read(app).orElseThrow().architecture()).isEqualTo(platform.architecture());
      assertThat(LayoutFiles.config(result.layout(), "on-busybox", platform).path("config").path("Env").toString()).contains("PATH=");
    }
    assertThat(LayoutFiles.config(result.layout(), "on-busybox", Platform.parse("linux/arm64")).path("variant").asText()).isIn("", "v8");
  }

  @Test
  void aBaseBehindTlsAndHtpasswdIsReadWithCredentials() throws Exception {
    String base = TestServices.optional("CINEMA_TEST_TLS_BASE_IMAGE").orElse(TestServices.tlsRegistry() + "/cinema-test/busybox:1");
    BuildResult result =
        GoImageBuild.module(GoImageBuildTest.copyService(GoImageBuildTest.MOVIES, dir.resolve("m")))
            .platforms("linux/arm64")
            .from(base)
            .baseCredentials(RegistryCredentials.of(java.util.List.of(RegistryCredentials.fixed("test", TestServices.tlsUser(), TestServices.tlsPassword()))))
            .allowInsecureRegistries(true)
            .go(io.cinemaabyss.cinema.build.go.GoBuildOptions.defaults())
            .environment(System.getenv())
            .buildTo(dir.resolve("oci-tls"), "tls");
    assertThat(result.base().digest()).isPresent();
    assertThat(result.images()).hasSize(1);
  }
}
