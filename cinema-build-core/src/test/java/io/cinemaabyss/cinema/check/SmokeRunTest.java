package io.cinemaabyss.cinema.check;

import io.cinemaabyss.cinema.layout.LayoutStore;
import static org.assertj.core.api.Assertions.assertThat;

import io.cinemaabyss.cinema.assemble.GoImageBuild;
import io.cinemaabyss.cinema.build.go.GoBuildOptions;
import io.cinemaabyss.cinema.check.TestImageWriter.Config;
import io.cinemaabyss.cinema.host.HostEmulation;
import io.cinemaabyss.cinema.host.RunOutcome;
import io.cinemaabyss.cinema.layout.OciLayout;
import io.cinemaabyss.cinema.oci.Descriptor;
import io.cinemaabyss.cinema.oci.Platform;
import io.cinemaabyss.cinema.testing.TestServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each platform's binary, taken from the image, really runs: natively or under QEMU. */
class SmokeRunTest {

  static final List<Platform> BOTH = Platform.parseAll("linux/amd64,linux/arm64");
  static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir static Path work;
  static String movies;
  static Path tiny;
  static Path wrong;

  @BeforeAll
  static void images() {
    TestServices.registry();
    GoImageBuild.module(Path.of("..", "examples", "movies-service"))
        .platforms(BOTH)
        .go(GoBuildOptions.defaults().withLdflags("-s -w -X main.version=1.0.0-smoke"))
        .workDirectory(work.resolve("movies-work"))
        .buildTo(work.resolve("movies"), "1.0.0");
    movies = TinyProgram.push(work.resolve("movies"), "1.0.0", "movies");

    TestImageWriter oci = new TestImageWriter(OciLayout.create(work.resolve("tiny")), false);
    List<String> entrypoint = List.of("/usr/local/bin/tiny");
    Descriptor amd = oci.image(Config.of("linux/amd64", entrypoint), TinyProgram.appLayer("amd64"));
    Descriptor arm = oci.image(Config.of("linux/arm64", entrypoint), TinyProgram.appLayer("arm64"));
    Descriptor amdCarryingArm = oci.image(Config.of("linux/amd64", entrypoint), TinyProgram.appLayer("arm64"));
    oci.index("both", TestImageWriter.entry(amd, "linux/amd64"), TestImageWriter.entry(arm, "linux/arm64"));
    oci.index("amd64", TestImageWriter.entry(amd, "linux/amd64"));
    oci.index("wrong", TestImageWriter.entry(amdCarryingArm, "linux/amd64"));
    tiny = oci.layout().root();
  }

  @Test
  void moviesServiceRunsForAmd64AndArm64FromTheRegistry() {
    VerificationResult result = ImageVerifier.of(RegistryInspectionTest.registry(movies))
        .require(BOTH, "configured platforms")
        .smoke(List.of("--version"), TIMEOUT)
        .verify();

    assertThat(result.problems()).isEmpty();
    assertThat(result.smoke()).extracting(RunOutcome::status).containsExactly(RunOutcome.Status.PASSED, RunOutcome.Status.PASSED);
    assertThat(result.smoke().get(0).output()).contains("movies-service 1.0.0-smoke linux/amd64");
    assertThat(result.smoke().get(1).output()).contains("movies-service 1.0.0-smoke linux/arm64");
    assertThat(result.smoke().get(0).how()).contains("natively");
    assertThat(result.smoke().get(1).how()).contains("qemu-aarch64");
    // run as the image's user, not this machine's root
    assertThat(result.smoke()).allSatisfy(run -> assertThat(run.message()).contains("as the image's user 65532:65532"));
    assertThat(result.summary()).contains("smoke passed: linux/arm64");
  }

  @Test
  void aBinaryThatExitsNonZeroFailsNamingThePlatform() {
    VerificationResult result = ImageVerifier.of(LayoutStore.open(tiny, "both"))
        .require(BOTH, "configured platforms")
        .smoke(List.of("--fail"), TIMEOUT)
        .verify();

    assertThat(result.ok()).isFalse();
    assertThat(result.smoke()).allSatisfy(run -> {
      assertThat(run.status()).isEqualTo(RunOutcome.Status.FAILED);
      assertThat(run.exitCode()).isEqualTo(3);
      assertThat(run.output()).contains("failing on purpose");
    });
    assertThat(result.problems()).hasSize(2);
    assertThat(result.problems().get(1)).startsWith("smoke run linux/arm64: ").contains("exited with 3");
  }

  @Test
  void aBinaryThatDoesNotFinishFailsAtTheTimeout() {
    VerificationResult result = ImageVerifier.of(LayoutStore.open(tiny, "amd64"))
        .smoke(List.of("--hang"), Duration.ofSeconds(2))
        .verify();

    assertThat(result.smoke()).singleElement().satisfies(run -> assertThat(run.status()).isEqualTo(RunOutcome.Status.TIMED_OUT));
    assertThat(result.problems()).singleElement().asString().contains("linux/amd64").contains("did not finish within 2 s");
  }

  @Test
  void aServerThatIsStillRunningPassesAndIsStoppedAndOneThatCrashesFails() {
    VerificationResult up = ImageVerifier.of(LayoutStore.open(tiny, "both"))
        .smoke(List.of("--hang"), TIMEOUT).smokeAliveAfter(Duration.ofSeconds(2)).verify();
    assertThat(up.problems()).isEmpty();
    assertThat(up.smoke()).hasSize(2).allSatisfy(run -> {
      assertThat(run.status()).isEqualTo(RunOutcome.Status.PASSED);
      assertThat(run.message()).contains("was still running after 2 s").contains("stopped");
    });

    VerificationResult crashed = ImageVerifier.of(LayoutStore.open(tiny, "both"))
        .smoke(List.of("--fail"), TIMEOUT).smokeAliveAfter(Duration.ofSeconds(30)).verify();
    assertThat(crashed.smoke()).allSatisfy(run -> {
      assertThat(run.status()).isEqualTo(RunOutcome.Status.FAILED);
      assertThat(run.exitCode()).isEqualTo(3);
    });
  }

  @Test
  void aWrongArchitectureBinaryIsAnExecFormatErrorEvenWhereBinfmtWouldRunIt() {
    VerificationResult result = ImageVerifier.of(LayoutStore.open(tiny, "wrong")).smoke(List.of("--version"), TIMEOUT).verify();

    assertThat(result.smoke()).singleElement().satisfies(run -> assertThat(run.status()).isEqualTo(RunOutcome.Status.EXEC_FORMAT_ERROR));
    assertThat(result.problems()).anySatisfy(p -> assertThat(p).startsWith("smoke run linux/amd64: exec format error"));
  }

  @Test
  void aRegisteredBinfmtHandlerAloneRunsTheForeignBinary() {
    Path binfmt = Path.of("/proc/sys/fs/binfmt_misc");
    Assumptions.assumeTrue(Files.exists(binfmt.resolve("qemu-aarch64")), "no binfmt_misc handler for aarch64 here");
    HostEmulation binfmtOnly = HostEmulation.detect(binfmt, "", HostEmulation.thisHostArchitecture());

    VerificationResult result = ImageVerifier.of(LayoutStore.open(tiny, "both"))
        .smoke(List.of(), TIMEOUT)
        .emulation(binfmtOnly)
        .verify();

    assertThat(result.problems()).isEmpty();
    assertThat(result.smoke().get(1).how()).contains("binfmt_misc handler");
    assertThat(result.smoke().get(1).output()).contains("tiny linux/arm64");
  }

  @Test
  void withoutAnyEmulationTheForeignPlatformIsSkippedAndSaysWhy() {
    HostEmulation none = HostEmulation.detect(work.resolve("no-binfmt"), "", "amd64");

    VerificationResult result = ImageVerifier.of(LayoutStore.open(tiny, "both"))
        .smoke(List.of("--version"), TIMEOUT)
        .emulation(none)
        .verify();

    assertThat(result.ok()).isTrue();
    assertThat(result.smoke().get(1).skipped()).isTrue();
    assertThat(result.notes()).singleElement().asString()
        .contains("linux/arm64: not run: no QEMU user emulation for linux/arm64")
        .contains("qemu-user-static");
  }
}
