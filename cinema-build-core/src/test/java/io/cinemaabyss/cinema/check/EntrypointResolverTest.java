package io.cinemaabyss.cinema.check;

import io.cinemaabyss.cinema.layout.LayoutStore;
import static io.cinemaabyss.cinema.check.SyntheticLayers.AMD64;
import static io.cinemaabyss.cinema.check.SyntheticLayers.ARM64;
import static org.assertj.core.api.Assertions.assertThat;

import io.cinemaabyss.cinema.check.EntrypointFinding.Kind;
import io.cinemaabyss.cinema.check.TestImageWriter.Config;
import io.cinemaabyss.cinema.layout.OciLayout;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Given an image's layers and config, what would the runtime execute, and which ELF is it? */
class EntrypointResolverTest {

  @TempDir Path dir;
  private TestImageWriter images;

  @BeforeEach
  void layout() {
    images = new TestImageWriter(OciLayout.create(dir), false);
  }

  private static SyntheticLayers.Tar tar() {
    return new SyntheticLayers.Tar(true);
  }

  /** A busybox-like base: /bin/busybox with /bin/sh a symlink to it. */
  private static byte[] base(byte[] elf) {
    return tar().dir("bin").file("bin/busybox", elf).symlink("bin/sh", "busybox").dir("usr").dir("usr/bin").bytes();
  }

  private EntrypointFinding analyse(Config config, byte[]... layers) {
    var manifest = images.image(config, layers);
    images.index("t", TestImageWriter.entry(manifest, config.os() + "/" + config.architecture()));
    PlatformReport report = ImageInspector.of(LayoutStore.open(dir, "t")).inspect().platforms().get(0);
    return report.entrypoint().orElseThrow();
  }

  @Test
  void anAppLayerWithItsOwnDirectoriesIsSettledWithoutReadingTheBase() {
    byte[] app = tar().dir("usr").dir("usr/local").dir("usr/local/bin").file("usr/local/bin/app", ARM64).bytes();

    EntrypointFinding finding = analyse(Config.of("linux/arm64", List.of("/usr/local/bin/app")), base(ARM64), app);

    assertThat(finding.kind()).isEqualTo(Kind.ELF);
    assertThat(finding.architecture()).contains("arm64");
    assertThat(finding.layersRead()).isEqualTo(1);
    assertThat(finding.location().orElseThrow().layer()).isEqualTo(2);
  }

  @Test
  void whenTheTopLayerCannotSettleThePathEveryLayerIsRead() {
    // no directory entries: where usr/local/bin/app lands depends on the base
    byte[] app = tar().file("usr/local/bin/app", AMD64).bytes();

    EntrypointFinding finding = analyse(Config.of("linux/amd64", List.of("/usr/local/bin/app")), base(AMD64), app);

    assertThat(finding.kind()).isEqualTo(Kind.ELF);
    assertThat(finding.layersRead()).isEqualTo(2);
  }

  @Test
  void aRelativeProgramIsFoundOnTheImagePath() {
    byte[] app = tar().dir("opt").dir("opt/bin").file("opt/bin/app", ARM64).bytes();
    Config config = Config.of("linux/arm64", List.of()).withCmd(List.of("app", "--serve")).withEnv(List.of("PATH=/nowhere:/opt/bin"));

    EntrypointFinding finding = analyse(config, base(ARM64), app);

    assertThat(finding.kind()).isEqualTo(Kind.ELF);
    assertThat(finding.path()).isEqualTo("/opt/bin/app");
    assertThat(finding.command()).containsExactly("app", "--serve");
  }

  @Test
  void aRelativePathIsResolvedAgainstTheWorkingDirectory() {
    byte[] app = tar().dir("srv").file("srv/app", AMD64).bytes();
    EntrypointFinding finding = analyse(Config.of("linux/amd64", List.of("./app")).withWorkingDir("/srv"), app);
    assertThat(finding.kind()).isEqualTo(Kind.ELF);
    assertThat(finding.resolvedPath()).isEqualTo("/srv/app");
  }

  @Test
  void aShellFormCommandChecksTheShellAndSaysTheProgramIsInside() {
    EntrypointFinding finding =
        analyse(Config.of("linux/amd64", List.of("/bin/sh", "-c", "exec app --serve")), base(AMD64));

    assertThat(finding.kind()).isEqualTo(Kind.SHELL_FORM);
    assertThat(finding.elfPath()).isEqualTo("/bin/busybox");
    assertThat(finding.architecture()).contains("amd64");
    assertThat(finding.detail()).contains("exec app --serve").contains("inside that command");
  }

  @Test
  void aScriptIsReportedAsSuchAndItsInterpreterChecked() {
    byte[] script = tar().dir("app").text("app/start.sh", "#!/bin/sh\nexec /app/server\n").bytes();

    EntrypointFinding finding = analyse(Config.of("linux/arm64", List.of("/app/start.sh")), base(ARM64), script);

    assertThat(finding.kind()).isEqualTo(Kind.SCRIPT);
    assertThat(finding.detail()).contains("script (#!/bin/sh)");
    assertThat(finding.elfPath()).isEqualTo("/bin/busybox");
    assertThat(finding.architecture()).contains("arm64");
  }

  @Test
  void aFileWithoutExecutePermissionIsReported() {
    byte[] app = tar().dir("bin").file("bin/app", AMD64, 0100644).bytes();
    EntrypointFinding finding = analyse(Config.of("linux/amd64", List.of("/bin/app")), app);
    assertThat(finding.kind()).isEqualTo(Kind.NOT_EXECUTABLE);
    assertThat(finding.detail()).contains("permission denied");
  }

  @Test
  void aBinaryDeletedByAWhiteoutIsNotFoundAndTheWhiteoutIsNamed() {
    byte[] app = tar().dir("usr").dir("usr/local").dir("usr/local/bin").file("usr/local/bin/app", AMD64).bytes();
    byte[] delete = tar().dir("usr").dir("usr/local").dir("usr/local/bin").file("usr/local/bin/.wh.app", new byte[0]).bytes();

    EntrypointFinding finding = analyse(Config.of("linux/amd64", List.of("/usr/local/bin/app")), app, delete);

    assertThat(finding.kind()).isEqualTo(Kind.NOT_FOUND);
    assertThat(finding.detail()).contains("not in the image").contains("deleted by a whiteout in layer 2");
    assertThat(finding.layersRead()).isEqualTo(1);
  }

  @Test
  void anImageWithNothingToRunSaysSo() {
    EntrypointFinding finding = analyse(Config.of("linux/amd64", List.of()), base(AMD64));
    assertThat(finding.kind()).isEqualTo(Kind.NO_COMMAND);
    assertThat(finding.layersRead()).isZero();
  }

  @Test
  void aSymlinkLoopIsAFindingNotACrash() {
    byte[] loop = tar().dir("bin").symlink("bin/app", "/bin/loop").symlink("bin/loop", "app").bytes();
    EntrypointFinding finding = analyse(Config.of("linux/amd64", List.of("/bin/app")), loop);
    assertThat(finding.kind()).isEqualTo(Kind.ERROR);
    assertThat(finding.detail()).startsWith("symlink loop at /bin/");
  }
}
