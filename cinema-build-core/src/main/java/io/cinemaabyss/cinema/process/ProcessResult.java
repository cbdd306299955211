package io.cinemaabyss.cinema.process;

import java.time.Duration;

/**
 * How a run ended: its exit code (or that it was killed at its timeout), the output kept and how
 * long it took.
 *
 * @param stdout the first (or with {@link Command#outputTail()} the last) {@link Command#outputLimit()} bytes of stdout, of
 *     both streams when merged
 * @param stderr the last {@link Command#errorLimit()} bytes of stderr; empty when merged
 * @param exitCode the exit code; -1 when it timed out
 * @param outputTruncated whether stdout was longer than kept
 */
public record ProcessResult(Command command, int exitCode, boolean timedOut, String stdout, String stderr, boolean outputTruncated,
    Duration elapsed) {

  public boolean succeeded() {
    return !timedOut && exitCode == 0;
  }

  /**
   * This result when the process exited 0.
   *
   * @throws ProcessException naming the command line, the exit code or timeout, and stderr's tail
   */
  public ProcessResult requireSuccess() {
    if (timedOut) {
      throw new ProcessException(ProcessException.Reason.TIMED_OUT, command, this, null);
    }
    if (exitCode != 0) {
      throw new ProcessException(ProcessException.Reason.EXITED_NON_ZERO, command, this, null);
    }
    return this;
  }

  /** Stderr, or when merged the output, for an error message: its last lines, at most {@code max} characters. */
  public String errorTail(int max) {
    String text = (command.mergeErrors() ? stdout : stderr).strip();
    return text.length() <= max ? text : "..." + text.substring(text.length() - max);
  }
}
