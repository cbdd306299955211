package io.cinemaabyss.cinema.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the real jar, {@code java -jar cinema-cli-VERSION.jar ...}, as a user's shell would. */
final class Cli {

  record Run(int exit, String out, String err) {
    String all() {
      return out + err;
    }
  }

  static final Path JAR = Path.of(System.getProperty("cinema.cli.jar", "target/cinema-cli.jar"));
  static final Path REPO = Path.of(System.getProperty("cinema.repo.root", "..")).toAbsolutePath().normalize();

  private final Map<String, String> environment = new HashMap<>(System.getenv());
  private String stdin = "";
  private List<String> prefix = List.of();

  /** Docker's config is an empty directory: no credential of the machine's user leaks into a test. */
  Cli(Path dockerConfig) {
    environment.put("DOCKER_CONFIG", dockerConfig.toString());
    environment.remove("CINEMA_REGISTRY_USERNAME");
    environment.remove("CINEMA_REGISTRY_PASSWORD");
  }

  Cli env(String name, String value) {
    environment.put(name, value);
    return this;
  }

  /** Runs the jar under {@code command}, such as {@code runuser -u nobody --}; it ends with the jar's command line. */
  Cli under(List<String> command) {
    this.prefix = List.copyOf(command);
    return this;
  }

  Cli stdin(String value) {
    this.stdin = value;
    return this;
  }

  Run run(String... args) throws IOException, InterruptedException {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException("No CLI jar at " + JAR + ": run the tests through Maven (mvn verify), which makes it first");
    }
    List<String> command = new ArrayList<>(prefix);
    command.addAll(List.of("java", "-jar", JAR.toAbsolutePath().toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(REPO.toFile());
    builder.environment().clear();
    builder.environment().putAll(environment);
    Process process = builder.start();
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
    try (var in = process.getOutputStream()) {
      in.write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException("cinema " + String.join(" ", args) + " did not end within 5 minutes");
    }
    return new Run(process.exitValue(), out.join(), err.join());
  }

  private static String read(java.io.InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
