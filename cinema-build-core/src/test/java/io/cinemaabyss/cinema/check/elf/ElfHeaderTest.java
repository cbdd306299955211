package io.cinemaabyss.cinema.check.elf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cinemaabyss.cinema.build.go.GoBuildOptions;
import io.cinemaabyss.cinema.build.go.GoCrossCompiler;
import io.cinemaabyss.cinema.build.go.GoToolchain;
import io.cinemaabyss.cinema.oci.Platform;
import java.io.ByteArrayInputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reads real binaries: the Go toolchain produces every architecture. */
class ElfHeaderTest {

  @TempDir static Path dir;

  private static GoToolchain go;

  @BeforeAll
  static void module() throws Exception {
    go = GoToolchain.locate(Optional.empty(), System.getenv());
    Files.writeString(dir.resolve("go.mod"), "module example.com/hello\n\ngo 1.19\n");
    Files.writeString(dir.resolve("main.go"), "package main\n\nfunc main() { println(\"hi\") }\n");
  }

  @ParameterizedTest
  @CsvSource({
    "linux/amd64, amd64, 64, LITTLE_ENDIAN",
    "linux/arm64, arm64, 64, LITTLE_ENDIAN",
    "linux/arm/v7, arm, 32, LITTLE_ENDIAN",
    "linux/386, 386, 32, LITTLE_ENDIAN",
    "linux/riscv64, riscv64, 64, LITTLE_ENDIAN",
    "linux/s390x, s390x, 64, BIG_ENDIAN",
    "linux/ppc64le, ppc64le, 64, LITTLE_ENDIAN"
  })
  void readsTheArchitectureOfARealGoBinary(String platform, String arch, int bits, String order) {
    Platform target = Platform.parse(platform);
    Path out = dir.resolve(target.slug()).resolve("hello");
    var binary = new GoCrossCompiler(go).compileOne(dir, target, GoBuildOptions.defaults(), out);

    ElfHeader header = binary.elf();
    assertThat(header.architecture()).isEqualTo(arch);
    assertThat(header.bits()).isEqualTo(bits);
    assertThat(header.byteOrder().toString()).isEqualTo(order);
    assertThat(ElfCheck.matches(header, target)).isTrue();
  }

  @Test
  void aBinaryOfAnotherArchitectureFailsTheCheckNamingBoth() {
    Path out = dir.resolve("check").resolve("hello");
    new GoCrossCompiler(go).compileOne(dir, Platform.parse("linux/arm64"), GoBuildOptions.defaults(), out);

    assertThatThrownBy(() -> ElfCheck.require(out, Platform.parse("linux/amd64"), "The binary"))
        .isInstanceOf(ElfArchitectureMismatchException.class)
        .hasMessageContaining("arm64")
        .hasMessageContaining("not amd64")
        .hasMessageContaining("'exec format error' on linux/amd64");
  }

  @Test
  void aScriptIsNotElf() throws Exception {
    Path script = dir.resolve("run.sh");
    Files.writeString(script, "#!/bin/sh\necho hello world, this is long enough\n");
    assertThat(ElfHeader.read(script)).isEmpty();
    assertThatThrownBy(() -> ElfCheck.require(script, Platform.parse("linux/amd64"), "The entrypoint"))
        .hasMessageContaining("is not an ELF binary");
  }

  @Test
  void truncatedOrCorruptHeadersAreNotElf() throws Exception {
    assertThat(ElfHeader.read(new ByteArrayInputStream("\u007fELF".getBytes(StandardCharsets.ISO_8859_1)))).isEmpty();
    byte[] badClass = new byte[20];
    badClass[0] = 0x7f;
    badClass[1] = 'E';
    badClass[2] = 'L';
    badClass[3] = 'F';
    badClass[4] = 9;
    badClass[5] = 1;
    assertThat(ElfHeader.parse(badClass)).isEmpty();
  }

  @Test
  void unknownMachineIsNamedByNumber() {
    byte[] head = new byte[20];
    head[0] = 0x7f;
    head[1] = 'E';
    head[2] = 'L';
    head[3] = 'F';
    head[4] = 2;
    head[5] = 1;
    head[18] = (byte) 0xff;
    head[19] = 0x7f;
    ElfHeader header = ElfHeader.parse(head).orElseThrow();
    assertThat(header.byteOrder()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
    assertThat(header.architecture()).isEqualTo("unknown(e_machine=32767)");
  }
}
