package io.cinemaabyss.cinema.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A program to run: its arguments, working directory, the whole environment it gets (nothing is
 * inherited behind the caller's back), a timeout, and how much of its output to keep. Immutable;
 * each {@code with...} returns a changed copy. Run it with {@link ProcessRunner#run(Command)}.
 *
 * @param arguments the program and its arguments
 * @param directory the working directory, or empty for this process's
 * @param environment exactly the environment the process gets
 * @param timeout how long it may run before its process tree is killed
 * @param mergeErrors whether stderr goes into stdout, in order (else it is captured on its own)
 * @param outputLimit bytes of stdout kept, from the start (the rest is read and dropped)
 * @param outputTail whether stdout keeps its last {@code outputLimit} bytes instead of its first
 * @param errorLimit bytes of stderr kept, from the end
 * @param lines receives each line of stdout (with {@code mergeErrors}, of both) as it is written
 */
public record Command(
    List<String> arguments, Optional<Path> directory, Map<String, String> environment, Duration timeout, boolean mergeErrors,
    int outputLimit, boolean outputTail, int errorLimit, Consumer<String> lines) {

  public static final int DEFAULT_OUTPUT_LIMIT = 16 * 1024 * 1024;
  public static final int DEFAULT_ERROR_LIMIT = 64 * 1024;

  public Command {
    arguments = List.copyOf(arguments);
    if (arguments.isEmpty()) {
      throw new IllegalArgumentException("A command needs a program to run");
    }
    Objects.requireNonNull(directory, "directory");
    environment = Map.copyOf(environment);
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("The timeout of " + arguments.get(0) + " must be positive, not " + timeout);
    }
    Objects.requireNonNull(lines, "lines");
  }

  /** {@code arguments} with this JVM's environment, given explicitly, and {@code timeout}. */
  public static Command of(List<String> arguments, Duration timeout) {
    return new Command(arguments, Optional.empty(), System.getenv(), timeout, false, DEFAULT_OUTPUT_LIMIT, false, DEFAULT_ERROR_LIMIT, line -> {});
  }

  public Command in(Path value) {
    return new Command(arguments, Optional.of(value), environment, timeout, mergeErrors, outputLimit, outputTail, errorLimit, lines);
  }

  /** The whole environment of the process, replacing the JVM's. */
  public Command withEnvironment(Map<String, String> value) {
    return new Command(arguments, directory, value, timeout, mergeErrors, outputLimit, outputTail, errorLimit, lines);
  }

  public Command withTimeout(Duration value) {
    return new Command(arguments, directory, environment, value, mergeErrors, outputLimit, outputTail, errorLimit, lines);
  }

  /** Stderr into stdout, in the order written (for tools whose progress and errors read as one log). */
  public Command mergingErrors() {
    return new Command(arguments, directory, environment, timeout, true, outputLimit, outputTail, errorLimit, lines);
  }

  public Command withLimits(int output, int errors) {
    return new Command(arguments, directory, environment, timeout, mergeErrors, output, outputTail, errors, lines);
  }

  /** Keeps the last {@code limit} bytes of stdout (of both streams when merged): for output read by people, not parsed. */
  public Command keepingOutputTail(int limit) {
    return new Command(arguments, directory, environment, timeout, mergeErrors, limit, true, errorLimit, lines);
  }

  /** Relays each line of output to {@code value} while the process runs. */
  public Command onLine(Consumer<String> value) {
    return new Command(arguments, directory, environment, timeout, mergeErrors, outputLimit, outputTail, errorLimit, value);
  }

  /** The arguments as a shell would read them, quoted where needed; never the environment's values. */
  public String commandLine() {
    return arguments.stream().map(Command::quote).collect(Collectors.joining(" "));
  }

  @Override
  public String toString() {
    return commandLine();
  }

  private static String quote(String argument) {
    if (!argument.isEmpty() && argument.chars().allMatch(c -> Character.isLetterOrDigit(c) || "-_./=:,+@%".indexOf(c) >= 0)) {
      return argument;
    }
    return "'" + argument.replace("'", "'\\''") + "'";
  }
}
