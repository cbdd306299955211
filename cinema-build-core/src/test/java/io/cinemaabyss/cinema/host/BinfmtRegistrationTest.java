package io.cinemaabyss.cinema.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.cinemaabyss.cinema.BuildLog;
import io.cinemaabyss.cinema.oci.Platform;
import io.cinemaabyss.cinema.testing.Commands;
import io.cinemaabyss.cinema.testing.TestServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registration against the real kernel, as root, with an architecture nothing else on the test
 * machine uses (mips64le), put back as it was afterwards: through Debian's update-binfmts, and by
 * writing the register line itself. A real mips64le Go binary proves each registration runs it.
 */
class BinfmtRegistrationTest {

  static final Platform MIPS = Platform.parse("linux/mips64le");
  static final String DEBIAN_NAME = "qemu-mips64el";
  static final String OWN_NAME = "cinema-test-mips64el";

  @TempDir Path tmp;

  @Test
  void withoutRootItExplainsTheOneCommandAndChangesNothing() {
    requireRootWithBinfmt();
    boolean before = Files.exists(HostEmulation.BINFMT_MISC.resolve(DEBIAN_NAME));
    BinfmtRegistration registration =
        new BinfmtRegistration(HostEmulation.BINFMT_MISC, BinfmtRegistration.DEBIAN_FORMATS, System.getenv("PATH"), false, true, "amd64", BuildLog.NONE);
    BinfmtRegistration.Outcome outcome = registration.ensure(List.of(Platform.parse("linux/amd64"), Platform.parse("linux/arm64"), MIPS));
    assertThat(outcome.alreadyAvailable()).extracting(Platform::toString).containsExactly("linux/amd64", "linux/arm64");
    assertThat(outcome.missing()).containsExactly(MIPS);
    assertThat(outcome.command()).contains("sudo update-binfmts --enable qemu-mips64el");
    assertThat(Files.exists(HostEmulation.BINFMT_MISC.resolve(DEBIAN_NAME))).isEqualTo(before);
  }

  @Test
  void asRootItRegistersQemuThroughUpdateBinfmtsOrItsOwnRegisterLine() {
    requireRootWithBinfmt();
    Path binary = mips64leHello();
    boolean enabledBefore = Files.exists(HostEmulation.BINFMT_MISC.resolve(DEBIAN_NAME));
    List<String> log = new ArrayList<>();
    BinfmtRegistration registration = BinfmtRegistration.forThisHost(BuildLog.of(log::add));
    try {
      disableDebianHandler();
      assertThat(registration.emulation().canRunInContainers(MIPS)).isFalse();
      assertThat(says(binary, "hello from mips64le")).as("runs before registration").isFalse();

      BinfmtRegistration.Outcome outcome = registration.ensure(List.of(MIPS));
      assertThat(outcome.registered()).containsExactly(MIPS);
      assertThat(outcome.command()).isEmpty();
      assertThat(log).anyMatch(l -> l.startsWith("Ran ") && l.contains("update-binfmts --enable qemu-mips64el"));
      assertThat(registration.emulation().handlerFor("mips64le")).map(BinfmtHandler::name).contains(DEBIAN_NAME);
      assertThat(says(binary, "hello from mips64le")).isTrue();
      // A second call finds it there and does nothing.
      assertThat(registration.ensure(List.of(MIPS)).alreadyAvailable()).containsExactly(MIPS);

      // Where Debian's tools are missing, the register line is written directly.
      disableDebianHandler();
      byte[][] magic = QemuArchitectures.magicAndMask("mips64le").orElseThrow();
      registration.register(OWN_NAME, magic[0], magic[1], Path.of("/usr/bin/qemu-mips64el-static"), "F");
      BinfmtHandler own = registration.emulation().handlerFor("mips64le").orElseThrow();
      assertThat(own.name()).isEqualTo(OWN_NAME);
      assertThat(own.worksInContainers()).isTrue();
      assertThat(says(binary, "hello from mips64le")).isTrue();
      registration.unregister(OWN_NAME);
      assertThat(Files.exists(HostEmulation.BINFMT_MISC.resolve(OWN_NAME))).isFalse();
    } finally {
      if (Files.exists(HostEmulation.BINFMT_MISC.resolve(OWN_NAME))) {
        registration.unregister(OWN_NAME);
      }
      if (enabledBefore) {
        Commands.run("update-binfmts", "--enable", DEBIAN_NAME);
      } else {
        disableDebianHandler();
      }
    }
  }

  /** True when the binary runs and prints {@code text}; an exec failure (or Java's shell fallback on ENOEXEC) is false. */
  private static boolean says(Path binary, String text) {
    try {
      Commands.Result result = Commands.run(binary.toString());
      return result.exitCode() == 0 && result.output().contains(text);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static void disableDebianHandler() {
    if (Files.exists(HostEmulation.BINFMT_MISC.resolve(DEBIAN_NAME))) {
      Commands.run("update-binfmts", "--disable", DEBIAN_NAME).requireSuccess();
    }
  }

  private Path mips64leHello() {
    Path dir = tmp.resolve("hello");
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("go.mod"), "module example.com/hello\n\ngo 1.19\n");
      Files.writeString(dir.resolve("main.go"), "package main\n\nfunc main() { println(\"hello from mips64le\") }\n");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Commands.run(List.of("go", "build", "-o", "hello", "."), dir, Map.of("GOOS", "linux", "GOARCH", "mips64le", "CGO_ENABLED", "0"), 300)
        .requireSuccess();
    return dir.resolve("hello");
  }

  private static void requireRootWithBinfmt() {
    boolean ready =
        Files.isRegularFile(HostEmulation.BINFMT_MISC.resolve("register"))
            && Commands.onPath("update-binfmts")
            && Files.isRegularFile(BinfmtRegistration.DEBIAN_FORMATS.resolve(DEBIAN_NAME))
            && Files.isExecutable(Path.of("/usr/bin/qemu-mips64el-static"))
            && "root".equals(System.getProperty("user.name"));
    if (!ready) {
      TestServices.require("CINEMA_TEST_BINFMT_ROOT", "root, binfmt_misc, binfmt-support and qemu-user-static");
    }
  }
}
