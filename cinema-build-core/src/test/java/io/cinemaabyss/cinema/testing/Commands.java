package io.cinemaabyss.cinema.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a real command (skopeo, go, qemu...) in a test, with a timeout as a safety net. */
public final class Commands {

  private Commands() {}

  /** The exit code and the merged stdout and stderr of a finished command. */
  public record Result(int exitCode, String output) {
    public Result requireSuccess() {
      if (exitCode != 0) {
        throw new AssertionError("Command failed with exit " + exitCode + ":\n" + output);
      }
      return this;
    }
  }

  public static Result run(List<String> command) {
    return run(command, null, Map.of(), 300);
  }

  public static Result run(String... command) {
    return run(List.of(command));
  }

  public static Result run(List<String> command, Path directory, Map<String, String> env, int timeoutSeconds) {
    ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
    if (directory != null) {
      pb.directory(directory.toFile());
    }
    pb.environment().putAll(env);
    try {
      Path out = Files.createTempFile("cinema-cmd-", ".log");
      try {
        pb.redirectOutput(out.toFile());
        Process process = pb.start();
        process.getOutputStream().close();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor();
          throw new AssertionError("Command did not finish within " + timeoutSeconds + " s: " + command
              + "\n" + Files.readString(out, StandardCharsets.UTF_8));
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted running " + command, e);
    }
  }

  /** True when {@code name} is an executable on the PATH. */
  public static boolean onPath(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isBlank() && Files.isExecutable(Path.of(dir, name))) {
        return true;
      }
    }
    return false;
  }
}
