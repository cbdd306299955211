package io.cinemaabyss.cinema.build.go;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cinemaabyss.cinema.BuildLog;
import io.cinemaabyss.cinema.oci.Platform;
import io.cinemaabyss.cinema.process.Command;
import io.cinemaabyss.cinema.process.ProcessRunner;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A long go build: the log says each running platform's elapsed time, and one past its timeout is killed. */
class LongCompileTest {

  private static final Platform AMD64 = Platform.parse("linux/amd64");
  private static final Platform ARM64 = Platform.parse("linux/arm64");

  @Test
  void eachBeatNamesEveryRunningPlatformWithItsElapsedSeconds() {
    AtomicLong now = new AtomicLong();
    List<String> lines = new CopyOnWriteArrayList<>();
    CompileHeartbeat heartbeat = new CompileHeartbeat(BuildLog.of(lines::add), now::get);

    heartbeat.beat();
    heartbeat.started(AMD64);
    heartbeat.started(ARM64);
    now.addAndGet(TimeUnit.SECONDS.toNanos(12));
    heartbeat.beat();
    heartbeat.finished(AMD64);
    now.addAndGet(TimeUnit.SECONDS.toNanos(10));
    heartbeat.beat();
    heartbeat.finished(ARM64);
    heartbeat.beat();

    assertThat(lines).containsExactly("still compiling: linux/amd64 12 s, linux/arm64 12 s", "still compiling: linux/arm64 22 s");
  }

  /** A module whose go build waits, at its link step, until {@code gate} (a fifo) is opened for writing. */
  private static GoBuildOptions gatedModule(Path dir, Path gate) throws Exception {
    Path module = Files.createDirectories(dir.resolve("app"));
    Files.writeString(module.resolve("go.mod"), "module example.com/app\n\ngo 1.19\n");
    Files.writeString(module.resolve("main.go"), "package main\n\nfunc main() {}\n");
    ProcessRunner.succeed(Command.of(List.of("mkfifo", gate.toString()), Duration.ofSeconds(30)));
    Path toolexec = dir.resolve("gated-link.sh");
    // the real link, not go's "link -V=full" probe, reads the fifo first
    Files.writeString(toolexec, "#!/bin/sh\ncase \"$1 $2\" in *-V=full) ;; */link\\ *) cat '" + gate + "' > /dev/null ;; esac\nexec \"$@\"\n");
    Files.setPosixFilePermissions(toolexec, PosixFilePermissions.fromString("rwxr-xr-x"));
    return GoBuildOptions.defaults().withExtraArgs(List.of("-toolexec=" + toolexec));
  }

  @Test
  void aRealCompileBeatsWhileItRunsAndStopsWhenItEnds(@TempDir Path dir) throws Exception {
    Path gate = dir.resolve("gate");
    GoBuildOptions options = gatedModule(dir, gate).withTimeout(Duration.ofMinutes(5));

    CountDownLatch beat = new CountDownLatch(1);
    List<String> lines = new CopyOnWriteArrayList<>();
    BuildLog log = BuildLog.of(line -> {
      lines.add(line);
      if (line.startsWith("still compiling: linux/amd64 ")) {
        beat.countDown();
      }
    });
    GoToolchain go = GoToolchain.locate(Optional.empty(), System.getenv());
    GoCrossCompiler compiler = new GoCrossCompiler(go, System.getenv(), 1, log, Duration.ofMillis(50));
    CompletableFuture<List<GoBinary>> compile = CompletableFuture.supplyAsync(() -> compiler.compile(
        dir.resolve("app"), List.of(AMD64), options, dir.resolve("bin"), "app"));

    assertThat(beat.await(10, TimeUnit.MINUTES)).as("a heartbeat while linking waits on the gate").isTrue();
    assertThat(compile).isNotDone();
    try (OutputStream open = Files.newOutputStream(gate)) {
      // opening blocks until the link step reads; closing lets it go on
    }
    List<GoBinary> binaries = compile.get(6, TimeUnit.MINUTES);

    assertThat(binaries).singleElement().satisfies(b -> assertThat(b.path()).isRegularFile());
    assertThat(Thread.getAllStackTraces().keySet()).as("the heartbeat's timer is gone").noneMatch(t -> t.getName().equals("cinema-go-heartbeat"));
  }

  @Test
  void aCompilePastItsTimeoutIsKilledWithItsChildrenAndNamesThePlatformAndTheFix(@TempDir Path dir) throws Exception {
    Path gate = dir.resolve("gate"); // never opened: this build would wait for ever
    GoBuildOptions options = gatedModule(dir, gate).withTimeout(Duration.ofSeconds(3));
    GoCrossCompiler compiler = new GoCrossCompiler(GoToolchain.locate(Optional.empty(), System.getenv()), System.getenv(), 1, BuildLog.NONE);

    assertThatThrownBy(() -> compiler.compile(dir.resolve("app"), List.of(ARM64), options, dir.resolve("bin"), "app"))
        .isInstanceOfSatisfying(GoCompileTimeoutException.class, e -> assertThat(e.platform()).isEqualTo(ARM64))
        .hasMessageContaining("go build for linux/arm64 did not finish within 3 s and was killed")
        .hasMessageContaining("-Dcinema.goTimeout=6 (seconds; <goTimeout>");
    assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(dir.toString())))
        .as("go, the toolexec script and its cat are gone").noneMatch(ProcessHandle::isAlive);
  }
}
