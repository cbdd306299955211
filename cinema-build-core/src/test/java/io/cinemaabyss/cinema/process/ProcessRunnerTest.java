package io.cinemaabyss.cinema.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessRunnerTest {

  private static final Duration MINUTE = Duration.ofMinutes(1);

  private static Command sh(String script) {
    return Command.of(List.of("/bin/sh", "-c", script), MINUTE).withEnvironment(Map.of("PATH", "/usr/bin:/bin"));
  }

  @Test
  void keepsStdoutAndStderrApartWithTheExitCode() {
    ProcessResult result = ProcessRunner.run(sh("echo out; echo err >&2; exit 3"));

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.timedOut()).isFalse();
    assertThat(result.stdout()).isEqualTo("out\n");
    assertThat(result.stderr()).isEqualTo("err\n");
    assertThat(result.succeeded()).isFalse();
  }

  @Test
  void mergedErrorsComeInTheOrderWritten() {
    ProcessResult result = ProcessRunner.succeed(sh("echo one; echo two >&2; echo three").mergingErrors());

    assertThat(result.stdout()).isEqualTo("one\ntwo\nthree\n");
    assertThat(result.stderr()).isEmpty();
  }

  @Test
  void theProcessGetsExactlyTheEnvironmentGiven(@TempDir Path dir) throws Exception {
    ProcessResult result = ProcessRunner.succeed(
        Command.of(List.of("/bin/sh", "-c", "echo \"$ONLY|${HOME-unset}\"; pwd"), MINUTE).withEnvironment(Map.of("ONLY", "x")).in(dir));

    assertThat(result.stdout()).isEqualTo("x|unset\n" + dir.toRealPath() + "\n");
  }

  @Test
  void aChattyProcessDoesNotBlockAndOnlyTheLimitIsKept() {
    // 5 MB on stdout and 1 MB on stderr: far more than a pipe holds
    ProcessResult result = ProcessRunner.succeed(
        sh("head -c 5000000 /dev/zero; head -c 1000000 /dev/zero | tr '\\0' x >&2; echo end >&2").withLimits(1000, 10));

    assertThat(result.stdout()).hasSize(1000);
    assertThat(result.outputTruncated()).isTrue();
    assertThat(result.stderr()).isEqualTo("xxxxxxend\n");
  }

  @Test
  void linesAreRelayedAsTheyAreWritten() {
    List<String> lines = new CopyOnWriteArrayList<>();
    ProcessRunner.succeed(sh("printf 'a\\nb\\r\\nc'").onLine(lines::add));

    assertThat(lines).containsExactly("a", "b", "c");
  }

  @Test
  void atTheTimeoutTheWholeProcessTreeIsKilled() throws Exception {
    // sleep is the subject here: a child that would outlive its parent's kill
    ProcessResult result = ProcessRunner.run(sh("sleep 300 & echo $!; wait").withTimeout(Duration.ofMillis(500)));

    assertThat(result.timedOut()).isTrue();
    assertThat(result.exitCode()).isEqualTo(-1);
    long child = Long.parseLong(result.stdout().strip());
    ProcessHandle.of(child).ifPresent(h -> h.onExit().orTimeout(10, TimeUnit.SECONDS).join());
    assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
    assertThatThrownBy(result::requireSuccess)
        .isInstanceOfSatisfying(ProcessException.class, e -> assertThat(e.reason()).isEqualTo(ProcessException.Reason.TIMED_OUT))
        .hasMessageContaining("'/bin/sh -c 'sleep 300 & echo $!; wait'' did not finish within 500 ms");
  }

  @Test
  void aFailureNamesTheCommandLineAndStderrButNoEnvironmentValue() {
    Command command = Command.of(List.of("/bin/sh", "-c", "echo half >&2; echo 'the real problem' >&2; exit 2", "arg with space"), MINUTE)
        .withEnvironment(Map.of("TOKEN", "hunter2-secret"));

    assertThatThrownBy(() -> ProcessRunner.succeed(command))
        .isInstanceOfSatisfying(ProcessException.class, e -> {
          assertThat(e.reason()).isEqualTo(ProcessException.Reason.EXITED_NON_ZERO);
          assertThat(e.result().orElseThrow().exitCode()).isEqualTo(2);
        })
        .hasMessageContaining("'arg with space'' failed (exit 2)")
        .hasMessageContaining("the real problem")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void aMissingProgramIsCannotStart(@TempDir Path dir) {
    assertThatThrownBy(() -> ProcessRunner.run(Command.of(List.of(dir.resolve("no-such-program").toString()), MINUTE)))
        .isInstanceOfSatisfying(ProcessException.class, e -> assertThat(e.reason()).isEqualTo(ProcessException.Reason.CANNOT_START))
        .hasMessageContaining("Cannot run '" + dir.resolve("no-such-program") + "'");
  }

  @Test
  void everyCommandNeedsAPositiveTimeout() {
    assertThatThrownBy(() -> Command.of(List.of("true"), Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("timeout of true must be positive");
  }
}
