package io.cinemaabyss.cinema.build.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cinemaabyss.cinema.BuildLog;
import io.cinemaabyss.cinema.host.BinfmtHandler;
import io.cinemaabyss.cinema.host.BinfmtRegistration;
import io.cinemaabyss.cinema.host.EmulationUnavailableException;
import io.cinemaabyss.cinema.host.HostEmulation;
import io.cinemaabyss.cinema.host.QemuArchitectures;
import io.cinemaabyss.cinema.oci.Platform;
import io.cinemaabyss.cinema.testing.TestServices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Emulation detection from binfmt_misc entries (a copy of the kernel's format in a directory, and the real one) and the pre-build check. */
class HostEmulationTest {

  static final Platform ARM64 = Platform.parse("linux/arm64");
  static final Platform ARM = Platform.parse("linux/arm/v7");
  static final Platform S390X = Platform.parse("linux/s390x");
  static final Platform RISCV = Platform.parse("linux/riscv64");

  @TempDir Path dir;

  /** A binfmt_misc directory as the kernel shows it: arm64 enabled with F, arm disabled, riscv64 without F, python not ELF. */
  private Path binfmt() throws IOException {
    Files.writeString(dir.resolve("register"), "");
    Files.writeString(dir.resolve("status"), "enabled\n");
    Files.writeString(dir.resolve("qemu-aarch64"),
        "enabled\ninterpreter /usr/libexec/qemu-binfmt/aarch64-binfmt-P\nflags: PF\noffset 0\n"
            + "magic 7f454c460201010000000000000000000200b700\nmask ffffffffffffff00fffffffffffffffffeffffff\n");
    Files.writeString(dir.resolve("qemu-arm"),
        "disabled\ninterpreter /usr/libexec/qemu-binfmt/arm-binfmt-P\nflags: PF\noffset 0\n"
            + "magic 7f454c4601010100000000000000000002002800\nmask ffffffffffffff00fffffffffffffffffeffffff\n");
    Files.writeString(dir.resolve("qemu-riscv64"),
        "enabled\ninterpreter /usr/bin/qemu-riscv64\nflags: \noffset 0\n"
            + "magic 7f454c460201010000000000000000000200f300\nmask ffffffffffffff00fffffffffffffffffeffffff\n");
    Files.writeString(dir.resolve("python3.11"), "enabled\ninterpreter /usr/bin/python3.11\nflags: \noffset 0\nmagic a70d0d0a\n");
    return dir;
  }

  @Test
  void readsHandlersAndMapsMagicToArchitectures() throws IOException {
    HostEmulation host = HostEmulation.detect(binfmt(), "", "amd64");
    assertThat(host.handlers()).extracting(BinfmtHandler::name).containsExactly("python3.11", "qemu-aarch64", "qemu-arm", "qemu-riscv64");
    assertThat(host.handlerFor("arm64")).map(BinfmtHandler::interpreter).contains("/usr/libexec/qemu-binfmt/aarch64-binfmt-P");
    assertThat(host.handlers().get(0).architecture()).isEmpty();
    assertThat(host.canRunInContainers(Platform.parse("linux/amd64"))).isTrue();
    assertThat(host.canRunInContainers(Platform.parse("linux/386"))).isTrue();
    assertThat(host.canRunInContainers(ARM64)).isTrue();
    assertThat(host.canRunInContainers(ARM)).as("disabled handler").isFalse();
    assertThat(host.canRunInContainers(RISCV)).as("no F flag").isFalse();
    assertThat(host.canRunBinaries(RISCV)).isTrue();
    assertThat(host.canRunInContainers(S390X)).isFalse();
    assertThat(host.foreignArchitectures()).containsExactly("arm64");
    assertThat(host.describe(ARM64)).contains("binfmt_misc handler qemu-aarch64");
    assertThat(host.describe(RISCV)).contains("lacks flag F");
    assertThat(host.describe(S390X)).contains("no binfmt_misc handler is registered for s390x");
  }

  @Test
  void disabledOrUnmountedBinfmtRunsNothingForeign() throws IOException {
    Path d = binfmt();
    Files.writeString(d.resolve("status"), "disabled\n");
    assertThat(HostEmulation.detect(d, "", "amd64").canRunInContainers(ARM64)).isFalse();
    HostEmulation unmounted = HostEmulation.detect(dir.resolve("nothing"), "", "amd64");
    assertThat(unmounted.binfmtMounted()).isFalse();
    assertThat(unmounted.describe(ARM64)).contains("binfmt_misc is not mounted");
  }

  @Test
  void qemuStaticOnThePathRunsBinariesButNotContainers() throws IOException {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path qemu = Files.createFile(bin.resolve("qemu-s390x-static"));
    qemu.toFile().setExecutable(true);
    HostEmulation host = HostEmulation.detect(dir.resolve("nothing"), bin.toString(), "amd64");
    assertThat(host.qemuUser()).containsKey("s390x");
    assertThat(host.canRunBinaries(S390X)).isTrue();
    assertThat(host.canRunInContainers(S390X)).isFalse();
    assertThat(host.describe(S390X)).contains("qemu-s390x-static is installed, but only runs binaries called through it");
  }

  @Test
  void theMagicThisToolRegistersIsTheOneQemuUserStaticRegisters() {
    byte[][] arm64 = QemuArchitectures.magicAndMask("arm64").orElseThrow();
    assertThat(HexFormat.of().formatHex(arm64[0])).isEqualTo("7f454c460201010000000000000000000200b700");
    assertThat(HexFormat.of().formatHex(arm64[1])).isEqualTo("ffffffffffffff00fffffffffffffffffeffffff");
    byte[][] s390x = QemuArchitectures.magicAndMask("s390x").orElseThrow();
    assertThat(HexFormat.of().formatHex(s390x[0])).isEqualTo("7f454c46020201000000000000000000000200" + "16");
    for (String arch : QemuArchitectures.ARCHITECTURES) {
      byte[][] mm = QemuArchitectures.magicAndMask(arch).orElseThrow();
      BinfmtHandler handler = new BinfmtHandler("x", true, "/q", "F", 0, mm[0], mm[1]);
      assertThat(handler.architecture()).as(arch).contains(arch);
    }
  }

  @Test
  void aBuildThatNeedsMissingEmulationFailsBeforeItStartsNamingStageLineAndCommand() throws IOException {
    Dockerfile file =
        Dockerfile.parse(
            """
            FROM --platform=$BUILDPLATFORM golang AS build
            RUN go version
            FROM alpine
            RUN apk add --no-cache ca-certificates
            COPY --from=build /etc/passwd /x
            """,
            "Dockerfile");
    List<EmulationNeed> needs =
        EmulationNeed.of(file, Optional.empty(), List.of(Platform.parse("linux/amd64"), S390X, ARM64), Platform.parse("linux/amd64"), Map.of());
    assertThat(needs).extracting(n -> n.platform().toString()).containsExactly("linux/s390x", "linux/arm64");
    assertThat(needs.get(0).describe("Dockerfile")).isEqualTo("stage #1 (RUN at Dockerfile:4)");
    // Building the first stage only: it runs on the build platform, so nothing is emulated.
    assertThat(EmulationNeed.of(file, Optional.of("build"), List.of(ARM64), Platform.parse("linux/amd64"), Map.of())).isEmpty();
    HostEmulation host = HostEmulation.detect(binfmt(), "", "amd64");
    Path formats = Files.createDirectories(dir.resolve("formats"));
    Files.writeString(formats.resolve("qemu-s390x"), "package qemu-user-static\n");
    Path sbin = Files.createDirectories(dir.resolve("sbin"));
    Files.createFile(sbin.resolve("update-binfmts")).toFile().setExecutable(true);
    BinfmtRegistration registration = new BinfmtRegistration(dir, formats, sbin.toString(), false, true, "amd64", BuildLog.NONE);
    List<String> info = new java.util.ArrayList<>();
    assertThatThrownBy(() -> EmulationCheck.require(needs, host, registration, "Dockerfile", BuildLog.of(info::add)))
        .isInstanceOf(EmulationUnavailableException.class)
        .hasMessageContaining("linux/s390x: stage #1 (RUN at Dockerfile:4)")
        .hasMessageContaining("no binfmt_misc handler is registered for s390x")
        .hasMessageContaining("sudo update-binfmts --enable qemu-s390x")
        .hasMessageContaining("FROM --platform=$BUILDPLATFORM")
        .hasMessageNotContaining("linux/arm64:");
    assertThat(info).singleElement().satisfies(l -> assertThat(l).startsWith("linux/arm64: 1 RUN step of stage #1 (RUN at Dockerfile:4) will run under emulation"));
  }

  @Test
  void theClassicBuilderRunsStagesTheTargetDoesNotNeed() {
    Dockerfile file =
        Dockerfile.parse(
            """
            FROM alpine AS tools
            RUN apk add --no-cache git
            FROM --platform=$BUILDPLATFORM golang AS build
            RUN go version
            FROM scratch
            COPY --from=build /etc/passwd /x
            """,
            "Dockerfile");
    Platform amd64 = Platform.parse("linux/amd64");
    assertThat(EmulationNeed.of(file, Optional.empty(), List.of(ARM64), amd64, Map.of(), false)).as("BuildKit").isEmpty();
    assertThat(EmulationNeed.of(file, Optional.empty(), List.of(ARM64), amd64, Map.of(), true))
        .singleElement()
        .satisfies(n -> assertThat(n.describe("Dockerfile")).isEqualTo("stage 'tools' (RUN at Dockerfile:2)"));
  }

  @Test
  void thisHostRunsArm64ContainersThroughBinfmt() {
    // The test machine registers qemu-user-static (scripts/install-packages.sh); a build needs it for RUN steps on arm64.
    TestServices.require("CINEMA_TEST_DOCKER_HOST", "a test host with dockerd and qemu-user-static's binfmt handlers");
    HostEmulation host = HostEmulation.detect();
    assertThat(host.hostArchitecture()).isEqualTo("amd64");
    assertThat(host.canRunInContainers(ARM64)).as(host.describe(ARM64)).isTrue();
    assertThat(host.foreignArchitectures()).contains("arm64");
    assertThat(host.qemuUser()).containsKey("arm64");
  }
}
