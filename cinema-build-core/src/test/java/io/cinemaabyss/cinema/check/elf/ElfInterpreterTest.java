package io.cinemaabyss.cinema.check.elf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Static and dynamic binaries told apart by their program interpreter. */
class ElfInterpreterTest {

  @Test
  void aDynamicallyLinkedSystemBinaryNamesItsLoader() throws Exception {
    Path ls = Path.of("/bin/ls");
    Assumptions.assumeTrue(Files.isRegularFile(ls), "no /bin/ls on this machine");
    assertThat(ElfInterpreter.of(ls)).hasValueSatisfying(loader -> assertThat(loader).startsWith("/lib").contains("ld-"));
  }

  @Test
  void aStaticQemuBinaryHasNone() throws Exception {
    Path qemu = Path.of("/usr/bin/qemu-aarch64-static");
    Assumptions.assumeTrue(Files.isRegularFile(qemu), "no qemu-aarch64-static on this machine");
    assertThat(ElfInterpreter.of(qemu)).isEmpty();
  }

  @Test
  void aFileThatIsNotElfHasNone(@TempDir Path dir) throws Exception {
    Path script = Files.writeString(dir.resolve("run.sh"), "#!/bin/sh\necho hi\n");
    assertThat(ElfInterpreter.of(script)).isEmpty();
  }
}
