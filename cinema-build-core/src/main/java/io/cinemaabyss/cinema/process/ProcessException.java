package io.cinemaabyss.cinema.process;

import io.cinemaabyss.cinema.CinemaException;
import java.util.Optional;

/**
 * A command could not start, ran out of time, or exited non-zero. The message names the command
 * line (never the environment: it can hold secrets) and quotes the tail of stderr.
 */
public final class ProcessException extends CinemaException {

  /** What went wrong, for callers to act on. */
  public enum Reason {
    /** The program is missing or not executable. */
    CANNOT_START,
    /** The kernel cannot execute the program's format (ENOEXEC: a binary of another architecture). */
    EXEC_FORMAT_ERROR,
    /** Killed, with its process tree, when its timeout passed. */
    TIMED_OUT,
    /** It exited with a code other than 0. */
    EXITED_NON_ZERO,
    /** This thread was interrupted while waiting; the process tree was killed. */
    INTERRUPTED
  }

  /** Characters of stderr quoted in the message. */
  static final int QUOTED = 4000;

  private final Reason reason;
  private final Command command;
  private final ProcessResult result;

  ProcessException(Reason reason, Command command, ProcessResult result, Throwable cause) {
    super(message(reason, command, result, cause), cause);
    this.reason = reason;
    this.command = command;
    this.result = result;
  }

  public Reason reason() {
    return reason;
  }

  public Command command() {
    return command;
  }

  /** What the process wrote before it failed; empty when it did not start. */
  public Optional<ProcessResult> result() {
    return Optional.ofNullable(result);
  }

  private static String message(Reason reason, Command command, ProcessResult result, Throwable cause) {
    String line = "'" + command.commandLine() + "'";
    String what = switch (reason) {
      case CANNOT_START -> "Cannot run " + line + ": " + (cause == null ? "" : cause.getMessage());
      case EXEC_FORMAT_ERROR -> "Cannot run " + line + ": exec format error (a program for another architecture?)";
      case TIMED_OUT -> line + " did not finish within " + seconds(command) + " and was killed";
      case EXITED_NON_ZERO -> line + " failed (exit " + result.exitCode() + ")";
      case INTERRUPTED -> "Interrupted while running " + line + "; it was killed";
    };
    String tail = result == null ? "" : result.errorTail(QUOTED);
    return tail.isEmpty() ? what : what + ":" + System.lineSeparator() + tail;
  }

  static String seconds(Command command) {
    long millis = command.timeout().toMillis();
    return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
  }
}
