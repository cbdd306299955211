package io.cinemaabyss.cinema.assemble;

import io.cinemaabyss.cinema.oci.Descriptor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.build.go.GoCompileException;
import io.cinemaabyss.cinema.build.go.GoToolchainNotFoundException;
import io.cinemaabyss.cinema.layout.OciLayout;
import io.cinemaabyss.cinema.oci.UnknownPlatformException;
import io.cinemaabyss.cinema.testing.TestServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input: each a clear error naming the input and the fix, and nothing already built is lost. */
class BuildFailuresTest {

  @TempDir Path dir;
  Path module;

  @BeforeEach
  void module() throws Exception {
    module = dir.resolve("svc");
    Files.createDirectories(module);
    Files.writeString(module.resolve("go.mod"), "module example.com/svc\n\ngo 1.19\n");
    Files.writeString(module.resolve("main.go"), "package main\n\nfunc main() { println(\"ok\") }\n");
  }

  @Test
  void missingGoSaysWhereItLookedAndHowToInstallIt() {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("PATH", dir.resolve("empty-bin").toString());
    env.remove("GOROOT");
    assertThatThrownBy(() -> GoImageBuild.module(module).environment(env).buildTo(dir.resolve("oci"), "1"))
        .isInstanceOf(GoToolchainNotFoundException.class)
        .hasMessageContaining("No Go toolchain found")
        .hasMessageContaining(dir.resolve("empty-bin").toString())
        .hasMessageContaining("apt-get install golang-go")
        .hasMessageContaining("-Dcinema.go=");
  }

  @Test
  void aConfiguredGoThatIsNotThereIsNamed() {
    assertThatThrownBy(() -> GoImageBuild.module(module).goExecutable(dir.resolve("no/go")).buildTo(dir.resolve("oci"), "1"))
        .isInstanceOf(GoToolchainNotFoundException.class)
        .hasMessageContaining(dir.resolve("no/go").toString())
        .hasMessageContaining("not an executable");
  }

  @Test
  void aCompileErrorShowsTheCompilersMessageAndKeepsThePreviousImage() throws Exception {
    Path oci = dir.resolve("oci");
    BuildResult good = GoImageBuild.module(module).platforms("linux/amd64").buildTo(oci, "1");
    Files.writeString(module.resolve("main.go"), "package main\n\nfunc main() { undefinedThing() }\n");

    assertThatThrownBy(() -> GoImageBuild.module(module).platforms("linux/arm64").buildTo(oci, "1"))
        .isInstanceOf(GoCompileException.class)
        .hasMessageContaining("go build for linux/arm64 failed")
        .hasMessageContaining("undefined: undefinedThing");
    assertThat(OciLayout.open(oci).resolve("1")).map(Descriptor::digest).contains(good.index().digest());
  }

  @Test
  void noGoModIsNamed() throws Exception {
    Files.delete(module.resolve("go.mod"));
    assertThatThrownBy(() -> GoImageBuild.module(module).buildTo(dir.resolve("oci"), "1"))
        .hasMessageContaining("No go.mod in " + module)
        .hasMessageContaining("go mod init");
  }

  @Test
  void anUnknownPlatformListsTheValidOnes() {
    assertThatThrownBy(() -> GoImageBuild.module(module).platforms("linux/amd64", "linux/sparc64"))
        .isInstanceOf(UnknownPlatformException.class)
        .hasMessageContaining("'linux/sparc64'")
        .hasMessageContaining("linux/arm64");
  }

  @Test
  void aBaseImageThatDoesNotExistIsNamed() {
    String missing = TestServices.registry() + "/build-failures/no-such-base:1";
    assertThatThrownBy(() -> GoImageBuild.module(module).from(missing).allowInsecureRegistries(true).buildTo(dir.resolve("oci"), "1"))
        .isInstanceOf(CinemaException.class)
        .hasMessageContaining("Base image " + missing + " was not found")
        .hasMessageContaining("cinema.from");
  }

  @Test
  void anUnreachableBaseRegistryIsNamed() throws Exception {
    int port;
    try (var socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String unreachable = "127.0.0.1:" + port + "/x/base:1";
    assertThatThrownBy(() -> GoImageBuild.module(module).from(unreachable).allowInsecureRegistries(true).buildTo(dir.resolve("oci"), "1"))
        .hasMessageContaining("Cannot read base image " + unreachable)
        .hasMessageContaining("127.0.0.1:" + port);
  }

  @Test
  void aBaseWithoutTheRequestedPlatformListsWhatItHas() {
    String base = TestServices.baseImage();
    assertThatThrownBy(
            () -> GoImageBuild.module(module).platforms("linux/riscv64").from(base).allowInsecureRegistries(true).buildTo(dir.resolve("oci"), "1"))
        .hasMessageContaining("has no linux/riscv64 entry")
        .hasMessageContaining("linux/amd64")
        .hasMessageContaining("linux/arm64");
  }

  @Test
  void aPlainHttpBaseWithoutInsecureSaysWhichSettingToUse() {
    String base = TestServices.baseImage();
    assertThatThrownBy(() -> GoImageBuild.module(module).from(base).buildTo(dir.resolve("oci"), "1"))
        .hasMessageContaining("cinema.allowInsecureRegistries=true");
    assertThat(Files.exists(dir.resolve("oci"))).isFalse();
  }

  @Test
  void aGoModNewerThanTheGoFoundFailsUpFrontNamingBothVersions() throws Exception {
    Files.writeString(module.resolve("go.mod"), "module example.com/svc\n\ngo 1.23.7 // three parts\n");
    List<String> lines = java.util.Collections.synchronizedList(new java.util.ArrayList<>()); // jib logs from its threads
    assertThatThrownBy(() -> GoImageBuild.module(module).log(io.cinemaabyss.cinema.BuildLog.of(lines::add)).buildTo(dir.resolve("oci"), "1"))
        .isInstanceOf(io.cinemaabyss.cinema.CinemaException.class)
        .hasMessageContaining("asks for a newer Go (go 1.23.7)")
        .hasMessageMatching("(?s).*than the Go found, go1\\.[0-9.]+ at .*")
        .hasMessageContaining("-Dcinema.go=");
    // no compile was started
    assertThat(lines).noneMatch(l -> l.startsWith("Compiling"));
  }

  @Test
  void aToolchainLineIsCheckedToo() throws Exception {
    Files.writeString(module.resolve("go.mod"), "module example.com/svc\n\ngo 1.19\n\ntoolchain go1.99.1\n");
    assertThatThrownBy(() -> GoImageBuild.module(module).buildTo(dir.resolve("oci"), "1"))
        .hasMessageContaining("asks for a newer Go (toolchain go1.99.1)");
  }

  @Test
  void aMainPackageThatIsNotPackageMainListsTheMainPackagesFound() throws Exception {
    Files.createDirectories(module.resolve("lib"));
    Files.writeString(module.resolve("lib/lib.go"), "package lib\n\nfunc Hello() string { return \"hi\" }\n");
    Files.createDirectories(module.resolve("cmd/server"));
    Files.writeString(module.resolve("cmd/server/main.go"), "package main\n\nfunc main() {}\n");
    assertThatThrownBy(() -> GoImageBuild.module(module).go(io.cinemaabyss.cinema.build.go.GoBuildOptions.defaults().withMainPackage("./lib"))
            .buildTo(dir.resolve("oci"), "1"))
        .hasMessageContaining("The main package './lib' (cinema.mainPackage) is package lib, not package main")
        .hasMessageContaining("Main packages in " + module + ": ., ./cmd/server.");
  }

  @Test
  void aMissingMainPackageDirectorySaysWhichPathItTried() {
    assertThatThrownBy(() -> GoImageBuild.module(module).go(io.cinemaabyss.cinema.build.go.GoBuildOptions.defaults().withMainPackage("./cmd/nope"))
            .buildTo(dir.resolve("oci"), "1"))
        .hasMessageContaining("is not a directory: there is no " + module.resolve("cmd/nope"))
        .hasMessageContaining("Main packages in " + module + ": .");
  }

  @Test
  void aDependencyThatNeedsCgoFailsUpFrontNamingItAndBothFixes() throws Exception {
    Files.createDirectories(module.resolve("native"));
    Files.writeString(module.resolve("native/native.go"),
        "package native\n\n// int answer() { return 42; }\nimport \"C\"\n\nfunc Answer() int { return int(C.answer()) }\n");
    Files.writeString(module.resolve("main.go"),
        "package main\n\nimport \"example.com/svc/native\"\n\nfunc main() { println(native.Answer()) }\n");
    List<String> lines = java.util.Collections.synchronizedList(new java.util.ArrayList<>()); // jib logs from its threads
    assertThatThrownBy(() -> GoImageBuild.module(module).log(io.cinemaabyss.cinema.BuildLog.of(lines::add)).buildTo(dir.resolve("oci"), "1"))
        .hasMessageContaining("These packages need cgo, which is off (CGO_ENABLED=0, the default): example.com/svc/native.")
        .hasMessageContaining("pure-Go alternative")
        .hasMessageContaining("<cgo>true</cgo>");
    assertThat(lines).noneMatch(l -> l.startsWith("Compiling"));
    // the check can be turned off; then go build says what it says
    assertThatThrownBy(() -> GoImageBuild.module(module).go(io.cinemaabyss.cinema.build.go.GoBuildOptions.defaults().withCgoCheck(false))
            .buildTo(dir.resolve("oci"), "1"))
        .isInstanceOf(GoCompileException.class);
  }

  @Test
  void withCgoEachPlatformIsBuiltByItsOwnCrossCompilerStaticallyAndRuns() throws Exception {
    TestServices.requireProgram("aarch64-linux-gnu-gcc");
    Files.writeString(module.resolve("main.go"),
        "package main\n\n// int answer() { return 42; }\nimport \"C\"\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"answer\", C.answer()) }\n");
    List<String> lines = java.util.Collections.synchronizedList(new java.util.ArrayList<>()); // jib logs from its threads
    BuildResult built = GoImageBuild.module(module)
        .platforms("linux/amd64", "linux/arm64")
        .go(io.cinemaabyss.cinema.build.go.GoBuildOptions.defaults().withCgo(true))
        .log(io.cinemaabyss.cinema.BuildLog.of(lines::add))
        .buildTo(dir.resolve("oci"), "1");

    assertThat(lines).anyMatch(l -> l.startsWith("Compiling linux/arm64:") && l.contains("CGO_ENABLED=1 CC=aarch64-linux-gnu-gcc"));
    for (io.cinemaabyss.cinema.build.go.GoBinary binary : built.binaries()) {
      assertThat(binary.elf().architecture()).isEqualTo(binary.platform().architecture());
      assertThat(io.cinemaabyss.cinema.check.elf.ElfInterpreter.of(binary.path())).as("static").isEmpty();
    }
    String qemu = io.cinemaabyss.cinema.testing.Commands.onPath("qemu-aarch64-static") ? "qemu-aarch64-static" : "qemu-aarch64";
    assertThat(io.cinemaabyss.cinema.testing.Commands.run(qemu, built.binaries().get(1).path().toString()).requireSuccess().output().strip())
        .isEqualTo("answer 42");
    // the image verifies: no interpreter it lacks
    assertThat(io.cinemaabyss.cinema.check.ImageVerifier.of(io.cinemaabyss.cinema.layout.LayoutStore.open(dir.resolve("oci"), "1"))
        .verify().problems()).isEmpty();
  }

  @Test
  void withCgoAMissingCrossCompilerIsNamedWithTheFix() {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("CC_FOR_linux_arm64", "/nonexistent/aarch64-gcc");
    assertThatThrownBy(() -> GoImageBuild.module(module).platforms("linux/arm64").environment(env)
            .go(io.cinemaabyss.cinema.build.go.GoBuildOptions.defaults().withCgo(true)).buildTo(dir.resolve("oci"), "1"))
        .hasMessageContaining("cgo=true for linux/arm64 needs a C compiler for arm64")
        .hasMessageContaining("/nonexistent/aarch64-gcc")
        .hasMessageContaining("CC_FOR_linux_arm64");
  }

  @Test
  void verifyFailsADynamicallyLinkedEntrypointWhoseInterpreterTheImageLacks() throws Exception {
    Files.writeString(module.resolve("main.go"),
        "package main\n\n// int answer() { return 42; }\nimport \"C\"\nimport \"fmt\"\n\nfunc main() { fmt.Println(C.answer()) }\n");
    GoImageBuild.module(module)
        .platforms("linux/amd64")
        .from("scratch")
        .go(io.cinemaabyss.cinema.build.go.GoBuildOptions.defaults().withCgo(true).withLdflags("-linkmode external"))
        .buildTo(dir.resolve("oci"), "dyn");

    var result = io.cinemaabyss.cinema.check.ImageVerifier.of(io.cinemaabyss.cinema.layout.LayoutStore.open(dir.resolve("oci"), "dyn")).verify();
    assertThat(result.problems()).singleElement().asString()
        .contains("dynamically linked: it needs the interpreter /lib64/ld-linux-x86-64.so.2, which the image does not have");
  }
}
