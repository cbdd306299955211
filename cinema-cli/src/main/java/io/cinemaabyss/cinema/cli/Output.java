package io.cinemaabyss.cinema.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import io.cinemaabyss.cinema.BuildLog;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine.Option;

/**
 * Options every command has, and where things go: results (the summary line, the table, or JSON)
 * to stdout, progress and warnings to stderr, so {@code cinema inspect --json REF | jq} works.
 */
final class Output {

  // jackson-core's generator alone: an ObjectMapper costs a fresh JVM some 300 classes
  private static final JsonFactory JSON = new JsonFactory();

  @Option(names = "--json", description = "Prints the result as JSON on stdout (errors too, as {\"error\": ..., \"exitCode\": ...}).")
  boolean json;

  @Option(names = {"-q", "--quiet"}, description = "Prints no progress on stderr, only warnings and errors.")
  boolean quiet;

  @Option(names = {"-v", "--verbose"}, description = "Prints debug lines, and the stack trace of an error.")
  boolean verbose;

  PrintStream out = System.out;
  PrintStream err = System.err;

  BuildLog log() {
    return new BuildLog() {
      @Override
      public void info(String message) {
        if (!quiet) {
          err.println(message);
        }
      }

      @Override
      public void warn(String message) {
        err.println("WARNING: " + message);
      }

      @Override
      public void debug(String message) {
        if (verbose) {
          err.println("DEBUG: " + message);
        }
      }
    };
  }

  /** The result: {@code json} with --json, else {@code text}. */
  void result(String text, String json) {
    out.println(this.json ? json : text);
  }

  /** An error: one line on stderr (and the JSON error object on stdout with --json). */
  int error(Exception e, int exitCode) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    err.println("cinema: error: " + message);
    if (verbose) {
      e.printStackTrace(err);
    }
    if (json) {
      out.println(errorJson(message, exitCode));
    }
    return exitCode;
  }

  static String errorJson(String message, int exitCode) {
    StringWriter text = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(text)) {
      g.setPrettyPrinter(new DefaultPrettyPrinter());
      g.writeStartObject();
      g.writeStringField("error", message);
      g.writeNumberField("exitCode", exitCode);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }
}
