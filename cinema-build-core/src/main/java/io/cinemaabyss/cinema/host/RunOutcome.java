package io.cinemaabyss.cinema.host;

import java.util.List;

/**
 * How one run of a platform's binary went.
 *
 * @param platform the platform the binary is for, as text
 * @param command what was run (empty when nothing was)
 * @param how natively, under which emulator, or why not at all
 * @param output the tail of the merged stdout and stderr
 * @param message one sentence for a person, naming the platform
 */
public record RunOutcome(Status status, String platform, List<String> command, int exitCode, String how, String output, String message) {

  public enum Status {
    /** Ran and exited 0. */
    PASSED,
    /** Ran and exited non-zero. */
    FAILED,
    /** Did not finish within the timeout. */
    TIMED_OUT,
    /** Cannot start on that platform: wrong or no ELF machine. */
    EXEC_FORMAT_ERROR,
    /** Not run: no way to run that architecture here, or the binary needs the rest of its image. */
    SKIPPED
  }

  public RunOutcome {
    command = List.copyOf(command);
  }

  public static RunOutcome skipped(String platform, String message) {
    return new RunOutcome(Status.SKIPPED, platform, List.of(), -1, "not run", "", message);
  }

  public boolean passed() {
    return status == Status.PASSED;
  }

  public boolean skipped() {
    return status == Status.SKIPPED;
  }

  /** A failure to report: the binary could not start, failed or hung. */
  public boolean failed() {
    return !passed() && !skipped();
  }
}
