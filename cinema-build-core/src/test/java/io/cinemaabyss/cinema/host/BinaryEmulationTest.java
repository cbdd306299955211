package io.cinemaabyss.cinema.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.cinemaabyss.cinema.oci.Platform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How this machine runs binaries of each architecture. */
class BinaryEmulationTest {

  @Test
  void theHostArchitectureRunsNatively() {
    HostEmulation here = HostEmulation.detect();
    assertThat(here.find(here.hostArchitecture())).hasValueSatisfying(e -> assertThat(e.kind()).isEqualTo(Emulation.Kind.NATIVE));
  }

  @Test
  void aQemuStaticBinaryOnThePathIsPreferred(@TempDir Path dir) throws Exception {
    Path qemu = Files.createFile(dir.resolve("qemu-aarch64-static"));
    qemu.toFile().setExecutable(true);
    HostEmulation emulation = HostEmulation.detect(dir.resolve("no-binfmt"), dir.toString(), "amd64");

    Emulation arm = emulation.find("arm64").orElseThrow();
    assertThat(arm.kind()).isEqualTo(Emulation.Kind.QEMU_USER);
    assertThat(arm.command(Path.of("/tmp/app"), List.of("--version"))).containsExactly(qemu.toString(), "/tmp/app", "--version");
    assertThat(emulation.find("s390x")).isEmpty();
  }

  @Test
  void aBinfmtHandlerIsFoundByTheElfMachineInItsMagic(@TempDir Path binfmt) throws Exception {
    Files.writeString(binfmt.resolve("status"), "enabled\n");
    Files.writeString(binfmt.resolve("some-name"), String.join("\n",
        "enabled", "interpreter /usr/libexec/qemu-binfmt/aarch64-binfmt-P", "flags: PF", "offset 0",
        "magic 7f454c460201010000000000000000000200b700", "mask ffffffffffffff00fffffffffffffffffeffffff", ""));
    Files.writeString(binfmt.resolve("riscv"), String.join("\n",
        "disabled", "magic 7f454c460201010000000000000000000200f300", ""));
    HostEmulation emulation = HostEmulation.detect(binfmt, "", "amd64");

    assertThat(emulation.find("arm64")).hasValueSatisfying(e -> {
      assertThat(e.kind()).isEqualTo(Emulation.Kind.BINFMT);
      assertThat(e.description()).contains("some-name");
    });
    assertThat(emulation.find("riscv64")).isEmpty();
  }

  @Test
  void noEmulationIsExplainedWithTheFix() {
    HostEmulation none = HostEmulation.detect(Path.of("/nonexistent-binfmt"), "", "amd64");
    assertThat(none.find("arm64")).isEmpty();
    assertThat(none.unavailable(Platform.parse("linux/arm64")))
        .contains("no QEMU user emulation for linux/arm64")
        .contains("qemu-aarch64-static")
        .contains("apt-get install qemu-user-static");
  }
}
