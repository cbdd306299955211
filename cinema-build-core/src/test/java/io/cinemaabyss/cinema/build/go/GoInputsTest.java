package io.cinemaabyss.cinema.build.go;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cinemaabyss.cinema.BuildLog;
import io.cinemaabyss.cinema.oci.Platform;
import io.cinemaabyss.cinema.process.Command;
import io.cinemaabyss.cinema.process.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The up-to-date check of go build, with the real Go: an unchanged build keeps its binary without
 * running go build; any change go build would see (a source, a new file, flags, the environment,
 * a local replacement, a commit, the binary itself) runs it again; where the check could be wrong,
 * it is not made.
 */
class GoInputsTest {

  private static final Platform AMD64 = Platform.parse("linux/amd64");
  /** Ahead of the files this test writes, so that none of them counts as changed a moment ago. */
  private static final Clock LATER = Clock.fixed(Instant.now().plus(Duration.ofHours(1)), ZoneOffset.UTC);

  @TempDir Path dir;
  private Path module;
  private GoToolchain go;
  private final List<String> lines = new CopyOnWriteArrayList<>();

  @BeforeEach
  void module() throws Exception {
    go = GoToolchain.locate(Optional.empty(), System.getenv());
    module = Files.createDirectories(dir.resolve("app"));
    Files.writeString(module.resolve("go.mod"), "module example.com/app\n\ngo 1.19\n");
    Files.writeString(module.resolve("main.go"), "package main\n\nfunc main() { println(\"a\") }\n");
  }

  private List<String> build(GoBuildOptions options, Map<String, String> environment) {
    lines.clear();
    BuildLog log = BuildLog.of(lines::add);
    new GoCrossCompiler(go, environment, 1, log).withClock(LATER)
        .compile(module, List.of(AMD64), options, module.resolve("target/bin"), "app", List.of(module.resolve("target")));
    return List.copyOf(lines);
  }

  private List<String> build() {
    return build(GoBuildOptions.defaults(), System.getenv());
  }

  private static boolean compiled(List<String> log) {
    return log.stream().anyMatch(l -> l.startsWith("Compiling linux/amd64:"));
  }

  private static boolean kept(List<String> log) {
    return log.stream().anyMatch(l -> l.startsWith("Up to date linux/amd64:") && l.contains("go build not run"));
  }

  @Test
  void anUnchangedBuildKeepsItsBinaryAndEveryChangeGoWouldSeeRunsGoBuild() throws Exception {
    Path binary = module.resolve("target/bin/linux-amd64/app");
    assertThat(compiled(build())).isTrue();
    byte[] first = Files.readAllBytes(binary);
    List<String> again = build();
    assertThat(compiled(again)).isFalse();
    assertThat(kept(again)).isTrue();
    assertThat(Files.readAllBytes(binary)).isEqualTo(first);

    // output under the excluded directory is not an input
    Files.writeString(Files.createDirectories(module.resolve("target/reports")).resolve("build.json"), "{}");
    assertThat(kept(build())).isTrue();

    // the same size, another content
    Files.writeString(module.resolve("main.go"), "package main\n\nfunc main() { println(\"b\") }\n");
    assertThat(compiled(build())).isTrue();
    assertThat(Files.readAllBytes(binary)).isNotEqualTo(first);
    assertThat(kept(build())).isTrue();

    Files.writeString(module.resolve("other.go"), "package main\n\nvar x = 1\n");
    assertThat(compiled(build())).isTrue();

    assertThat(compiled(build(GoBuildOptions.defaults().withLdflags("-s"), System.getenv()))).isTrue();
    assertThat(kept(build(GoBuildOptions.defaults().withLdflags("-s"), System.getenv()))).isTrue();
    assertThat(compiled(build())).isTrue();

    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("GOFLAGS", "-ldflags=-w");
    assertThat(compiled(build(GoBuildOptions.defaults(), env))).isTrue();
    assertThat(compiled(build())).isTrue();
    // another cache directory is not another build: nothing of GOCACHE ends up in the binary
    Map<String, String> otherCache = new HashMap<>(System.getenv());
    otherCache.put("GOCACHE", dir.resolve("other-cache").toString());
    assertThat(kept(build(GoBuildOptions.defaults(), otherCache))).isTrue();

    Files.delete(binary);
    assertThat(compiled(build())).isTrue();
    Files.write(binary, Files.readAllBytes(binary)); // the same bytes, but not the file go build wrote
    assertThat(compiled(build())).isTrue();
    assertThat(kept(build())).isTrue();

    Files.delete(GoInputs.stampOf(binary));
    assertThat(compiled(build())).isTrue();
  }

  @Test
  void theBinaryKeptCarriesTheDigestOfItsBytes() throws Exception {
    GoCrossCompiler compiler = new GoCrossCompiler(go, System.getenv(), 1, BuildLog.NONE).withClock(LATER);
    List<Path> notInputs = List.of(module.resolve("target"));
    GoBinary built = compiler.compile(module, List.of(AMD64), GoBuildOptions.defaults(), module.resolve("target/bin"), "app", notInputs).get(0);
    GoBinary kept = compiler.compile(module, List.of(AMD64), GoBuildOptions.defaults(), module.resolve("target/bin"), "app", notInputs).get(0);
    String actual = io.cinemaabyss.cinema.oci.Digest.of(Files.readAllBytes(built.path())).hex();
    assertThat(built.sha256()).contains(actual);
    assertThat(kept.sha256()).contains(actual);
    assertThat(Files.readAllLines(GoInputs.stampOf(built.path()))).last().isEqualTo("sha256 " + actual);
  }

  @Test
  void aFailedBuildLeavesNoRecordToKeep() throws Exception {
    assertThat(compiled(build())).isTrue();
    Files.writeString(module.resolve("main.go"), "package main\n\nfunc main() { undefined() }\n");
    assertThatThrownBy(this::build).isInstanceOf(GoCompileException.class);
    assertThat(GoInputs.stampOf(module.resolve("target/bin/linux-amd64/app"))).doesNotExist();
    Files.writeString(module.resolve("main.go"), "package main\n\nfunc main() { println(\"a\") }\n");
    assertThat(compiled(build())).isTrue();
  }

  private Optional<String> shared(GoBuildOptions options, Map<String, String> environment, Clock clock, List<String> reasons) {
    return GoInputs.shared(module, go, environment, options, List.of(module.resolve("target")), clock.instant(), reasons::add);
  }

  private Optional<String> shared() {
    return shared(GoBuildOptions.defaults(), System.getenv(), LATER, new ArrayList<>());
  }

  @Test
  void whereTheCheckCouldBeWrongItIsNotMadeAndSaysWhy() throws Exception {
    assertThat(shared()).isPresent();
    List<String> reasons = new ArrayList<>();

    assertThat(shared(GoBuildOptions.defaults().withCgo(true), System.getenv(), LATER, reasons)).isEmpty();
    assertThat(shared(GoBuildOptions.defaults().withExtraArgs(List.of("-toolexec=/bin/true")), System.getenv(), LATER, reasons)).isEmpty();
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("GOFLAGS", "-mod=mod -a");
    assertThat(shared(GoBuildOptions.defaults(), env, LATER, reasons)).isEmpty();
    env.put("GOFLAGS", "");
    env.put("GOWORK", dir.resolve("go.work").toString());
    assertThat(shared(GoBuildOptions.defaults(), env, LATER, reasons)).isEmpty();
    // a file written now, seen by a clock of now: a coarse file system could not tell the next change
    assertThat(shared(GoBuildOptions.defaults(), System.getenv(), Clock.systemUTC(), reasons)).isEmpty();
    assertThat(reasons).hasSize(5);
    assertThat(reasons.get(0)).contains("cgo");
    assertThat(reasons.get(1)).contains("-toolexec");
    assertThat(reasons.get(2)).contains("-a");
    assertThat(reasons.get(3)).contains("GOWORK");
    assertThat(reasons.get(4)).contains("changed less than 2 s ago");

    Files.writeString(dir.resolve("go.work"), "go 1.19\n\nuse ./app\n");
    reasons.clear();
    assertThat(shared(GoBuildOptions.defaults(), System.getenv(), LATER, reasons)).isEmpty();
    assertThat(reasons).singleElement().asString().contains("go.work");
    Files.delete(dir.resolve("go.work"));

    Files.createSymbolicLink(module.resolve("linked"), dir);
    reasons.clear();
    assertThat(shared(GoBuildOptions.defaults(), System.getenv(), LATER, reasons)).isEmpty();
    assertThat(reasons).singleElement().asString().contains("symbolic link to a directory");
  }

  @Test
  void aLocalReplacementIsAnInputAndACommitIsOne() throws Exception {
    Path lib = Files.createDirectories(dir.resolve("lib"));
    Files.writeString(lib.resolve("go.mod"), "module example.com/lib\n\ngo 1.19\n");
    Files.writeString(lib.resolve("lib.go"), "package lib\n\nconst A = 1\n");
    Files.writeString(module.resolve("go.mod"), "module example.com/app\n\ngo 1.19\n\nrequire example.com/lib v0.0.0\n\n"
        + "replace (\n\texample.com/other v1.0.0 => example.com/fork v1.0.1\n\texample.com/lib => ../lib // local\n)\n");
    assertThat(GoInputs.localReplacements(module.resolve("go.mod"))).containsExactly("../lib");
    String before = shared().orElseThrow();
    assertThat(shared()).contains(before);
    Files.writeString(lib.resolve("lib.go"), "package lib\n\nconst A = 2\n");
    String changed = shared().orElseThrow();
    assertThat(changed).isNotEqualTo(before);

    git("init", "-q");
    git("add", ".");
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "one");
    String committed = shared().orElseThrow();
    assertThat(committed).isNotEqualTo(changed);
    assertThat(shared()).contains(committed);
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "--allow-empty", "-m", "two");
    assertThat(shared().orElseThrow()).isNotEqualTo(committed);
  }

  private void git(String... arguments) {
    List<String> command = new ArrayList<>(List.of("git"));
    command.addAll(List.of(arguments));
    ProcessRunner.succeed(Command.of(command, Duration.ofSeconds(60)).in(dir).withEnvironment(System.getenv()));
  }
}
