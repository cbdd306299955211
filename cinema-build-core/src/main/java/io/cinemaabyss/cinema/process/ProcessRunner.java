package io.cinemaabyss.cinema.process;

import io.cinemaabyss.cinema.process.ProcessException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@link Command}: every subprocess of this library (go, docker, qemu, git, kubectl...) goes
 * through here. Stdin is closed, stdout and stderr are read as they come by threads of their own
 * (so a chatty process never blocks on a full pipe) into bounded buffers, and when the timeout
 * passes the whole process tree is killed, by pid.
 */
public final class ProcessRunner {

  /** How long a killed process may take to go; SIGKILL cannot be caught, so this is only a bound. */
  private static final Duration REAP = Duration.ofSeconds(10);

  private ProcessRunner() {}

  /**
   * Runs {@code command} to its end or its timeout. A non-zero exit or a timeout comes back in the
   * result ({@link ProcessResult#requireSuccess()} turns them into errors).
   *
   * @throws ProcessException when the program cannot start, or this thread is interrupted
   */
  public static ProcessResult run(Command command) {
    ProcessBuilder builder = new ProcessBuilder(command.arguments()).redirectErrorStream(command.mergeErrors());
    command.directory().ifPresent(dir -> builder.directory(dir.toFile()));
    builder.environment().clear();
    builder.environment().putAll(command.environment());
    long start = System.nanoTime();
    long deadline = start + command.timeout().toNanos();
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      // the JDK gives exec(2)'s errno only in its message ("error=8, Exec format error"); this is the one place that reads it
      Reason reason = String.valueOf(e.getMessage()).contains("error=8,") ? Reason.EXEC_FORMAT_ERROR : Reason.CANNOT_START;
      throw new ProcessException(reason, command, null, e);
    }
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // a process that exited at once: nothing to close
    }
    Capture out = Capture.of(command.outputLimit(), command.outputTail(), command.lines());
    Capture err = Capture.tail(command.errorLimit());
    List<Thread> readers = command.mergeErrors()
        ? List.of(read(process.getInputStream(), out, process.pid()))
        : List.of(read(process.getInputStream(), out, process.pid()), read(process.getErrorStream(), err, process.pid()));
    boolean finished;
    try {
      finished = process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (!finished) {
        kill(process);
      }
      for (Thread reader : readers) {
        // a background child that kept the pipe open is not waited for past the deadline
        reader.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      }
    } catch (InterruptedException e) {
      kill(process);
      Thread.currentThread().interrupt();
      throw new ProcessException(Reason.INTERRUPTED, command, result(command, -1, true, out, err, start), e);
    }
    return result(command, finished ? process.exitValue() : -1, !finished, out, err, start);
  }

  /** {@code run(command).requireSuccess()}: the result of a run that exited 0. */
  public static ProcessResult succeed(Command command) {
    return run(command).requireSuccess();
  }

  /** Kills {@code process} and every process under it, by pid; new children cannot appear once the parent is gone. */
  public static void kill(Process process) {
    List<ProcessHandle> tree = process.descendants().toList();
    process.destroyForcibly();
    for (ProcessHandle child : tree) {
      child.descendants().forEach(ProcessHandle::destroyForcibly);
      child.destroyForcibly();
    }
    try {
      process.waitFor(REAP.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ProcessResult result(Command command, int exit, boolean timedOut, Capture out, Capture err, long start) {
    return new ProcessResult(command, exit, timedOut, out.text(), err.text(), out.truncated(), Duration.ofNanos(System.nanoTime() - start));
  }

  private static Thread read(InputStream stream, Capture capture, long pid) {
    Thread thread = new Thread(() -> {
      byte[] buffer = new byte[8192];
      try (stream) {
        int n;
        while ((n = stream.read(buffer)) > 0) {
          capture.write(buffer, n);
        }
      } catch (IOException e) {
        // the stream closed under us (process killed): what was read is kept
      } finally {
        capture.end();
      }
    }, "cinema-process-" + pid);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }
}
