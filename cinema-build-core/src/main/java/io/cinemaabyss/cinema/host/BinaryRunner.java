package io.cinemaabyss.cinema.host;

import io.cinemaabyss.cinema.check.elf.ElfHeader;
import io.cinemaabyss.cinema.check.elf.ElfInterpreter;
import io.cinemaabyss.cinema.oci.Platform;
import io.cinemaabyss.cinema.process.Command;
import io.cinemaabyss.cinema.process.ProcessException;
import io.cinemaabyss.cinema.process.ProcessResult;
import io.cinemaabyss.cinema.process.ProcessRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one platform's binary on this machine, natively or under QEMU user emulation, with a
 * timeout. Before running, the binary's ELF machine is compared with the platform: with binfmt_misc
 * registered the kernel would run a wrong-architecture binary under QEMU anyway, and hide the
 * exec format error a real node of that platform would give.
 */
public final class BinaryRunner {

  /** Output kept from a run, from the end. */
  static final int OUTPUT_LIMIT = 16 * 1024;

  private final HostEmulation emulation;

  public BinaryRunner(HostEmulation emulation) {
    this.emulation = emulation;
  }

  public HostEmulation emulation() {
    return emulation;
  }

  /**
   * Runs {@code binary args...} as {@code platform} would, in {@code workDir}, with only
   * {@code environment} set, and waits at most {@code timeout}.
   */
  public RunOutcome run(Path binary, Platform platform, List<String> args, Duration timeout, Map<String, String> environment, Path workDir) {
    return run(binary, platform, args, timeout, environment, workDir, Optional.empty(), "");
  }

  /**
   * Like {@link #run(Path, Platform, List, Duration, Map, Path)}, as the image's {@code user} (a
   * numeric uid[:gid]; switched to with setpriv when this process is root), and, with
   * {@code aliveAfter}, for a server: a process still running after that long passes and is stopped.
   */
  public RunOutcome run(
      Path binary, Platform platform, List<String> args, Duration timeout, Map<String, String> environment, Path workDir,
      Optional<Duration> aliveAfter, String user) {
    String name = platform.toString();
    Optional<ElfHeader> elf;
    Optional<String> interpreter;
    try {
      elf = ElfHeader.read(binary);
      interpreter = ElfInterpreter.of(binary);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + binary, e);
    }
    if (elf.isEmpty()) {
      return new RunOutcome(RunOutcome.Status.EXEC_FORMAT_ERROR, name, List.of(), -1, "not run", "",
          name + ": " + binary.getFileName() + " is not an ELF binary: it would fail with exec format error");
    }
    if (!elf.get().architecture().equals(platform.architecture())) {
      return new RunOutcome(RunOutcome.Status.EXEC_FORMAT_ERROR, name, List.of(), -1, "not run", "",
          name + ": exec format error: the binary is " + elf.get() + ", which " + platform.architecture()
              + " nodes cannot execute (not run here, where binfmt_misc might emulate it and hide the problem)");
    }
    if (interpreter.isPresent()) {
      return RunOutcome.skipped(name,
          name + ": not run: the binary is dynamically linked (it needs " + interpreter.get()
              + " from its image), and the smoke run executes the binary alone; build it static (for Go: CGO_ENABLED=0)");
    }
    Optional<Emulation> how = emulation.find(platform.architecture());
    if (how.isEmpty()) {
      return RunOutcome.skipped(name, name + ": not run: " + emulation.unavailable(platform));
    }
    List<String> command = new ArrayList<>(how.get().command(binary, args));
    String as = asUser(user, command);
    try {
      Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.setPosixFilePermissions(workDir, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException("Smoke run of " + binary + " for " + name + " failed: " + e.getMessage(), e);
    }
    Command run = Command.of(command, aliveAfter.orElse(timeout)).in(workDir).withEnvironment(environment).mergingErrors()
        .keepingOutputTail(OUTPUT_LIMIT);
    ProcessResult result;
    try {
      result = ProcessRunner.run(run);
    } catch (ProcessException e) {
      if (e.reason() != ProcessException.Reason.EXEC_FORMAT_ERROR) {
        throw e;
      }
      return new RunOutcome(RunOutcome.Status.EXEC_FORMAT_ERROR, name, command, -1, how.get().description(), "",
          name + ": exec format error starting " + String.join(" ", command) + " " + how.get().description());
    }
    String output = result.stdout();
    if (result.timedOut() && aliveAfter.isPresent()) {
      return new RunOutcome(RunOutcome.Status.PASSED, name, command, -1, how.get().description(), output,
          name + ": '" + String.join(" ", command) + "' was still running after " + seconds(aliveAfter.get()) + " (run "
              + how.get().description() + as + "), as a server does: stopped");
    }
    if (result.timedOut()) {
      return new RunOutcome(RunOutcome.Status.TIMED_OUT, name, command, -1, how.get().description(), output,
          name + ": '" + String.join(" ", command) + "' did not finish within " + seconds(timeout) + " (run " + how.get().description() + ")");
    }
    int exit = result.exitCode();
    if (output.contains("Exec format error") || output.contains("exec format error") || output.contains("Invalid ELF image")) {
      return new RunOutcome(RunOutcome.Status.EXEC_FORMAT_ERROR, name, command, exit, how.get().description(), output,
          name + ": exec format error running '" + String.join(" ", command) + "' " + how.get().description() + ": " + firstLine(output));
    }
    if (exit != 0) {
      return new RunOutcome(RunOutcome.Status.FAILED, name, command, exit, how.get().description(), output,
          name + ": '" + String.join(" ", command) + "' exited with " + exit + " (run " + how.get().description() + ")"
              + (output.isBlank() ? "" : ": " + firstLine(output)));
    }
    return new RunOutcome(RunOutcome.Status.PASSED, name, command, 0, how.get().description(), output,
        name + ": '" + String.join(" ", command) + "' ran " + how.get().description() + as + " and exited 0"
            + (output.isBlank() ? "" : ": " + firstLine(output)));
  }

  /**
   * Prefixes {@code command} to run as the image's numeric {@code user} when this process is root;
   * returns how it runs, for messages.
   */
  private static String asUser(String user, List<String> command) {
    String u = user == null ? "" : user.trim();
    if (u.isEmpty() || u.equals("0") || u.equals("root") || u.startsWith("0:") || u.startsWith("root:")) {
      return "";
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(?::(\\d+))?").matcher(u);
    if (!m.matches()) {
      return ", as this machine's user: the image's user '" + u + "' is a name, not a uid";
    }
    if (!HostEmulation.thisProcessIsRoot()) {
      return ", as this machine's user: running as the image's user " + u + " needs root";
    }
    String uid = m.group(1);
    String gid = m.group(2) == null ? uid : m.group(2);
    command.addAll(0, List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups"));
    return ", as the image's user " + uid + ":" + gid;
  }


  private static String firstLine(String output) {
    String line = output.strip();
    int nl = line.indexOf('\n');
    line = nl >= 0 ? line.substring(0, nl) : line;
    return line.length() > 300 ? line.substring(0, 300) + "..." : line;
  }

  private static String seconds(Duration timeout) {
    return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
  }
}
