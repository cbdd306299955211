package io.cinemaabyss.cinema.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A registry (Debian's docker-registry, distribution 2.8) that a test starts on a free loopback
 * port, owns, and may kill mid-push: plain HTTP, filesystem storage in a temporary directory.
 */
public final class OwnRegistry implements AutoCloseable {

  public static final Path BINARY = Path.of("/usr/bin/docker-registry");

  private final Path dir;
  private final int port;
  private final String extraConfig;
  private Process process;

  private OwnRegistry(Path dir, int port, String extraConfig) {
    this.dir = dir;
    this.port = port;
    this.extraConfig = extraConfig;
  }

  /** Starts a registry, or skips (fails, with CINEMA_REQUIRE_SERVICES=true) when the binary is missing. */
  public static OwnRegistry start() {
    return start("");
  }

  /**
   * Starts a registry with more top-level configuration, such as an {@code auth:} section.
   *
   * @param extraConfig YAML appended to the configuration
   */
  public static OwnRegistry start(String extraConfig) {
    if (!Files.isExecutable(BINARY)) {
      TestServices.require("CINEMA_TEST_REGISTRY_BINARY_MISSING", "the docker-registry binary at " + BINARY);
    }
    try {
      Path dir = Files.createTempDirectory("cinema-own-registry-");
      OwnRegistry registry = new OwnRegistry(dir, freePort(), extraConfig);
      registry.run();
      return registry;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String address() {
    return "127.0.0.1:" + port;
  }

  public Path log() {
    return dir.resolve("registry.log");
  }

  public long pid() {
    return process.pid();
  }

  /** Kills the registry process (SIGKILL, like a crash) and waits until it is gone. */
  public void kill() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("registry pid " + process.pid() + " did not exit");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** Starts the registry again on the same port and storage. */
  public void restart() {
    kill();
    run();
  }

  @Override
  public void close() {
    kill();
    MoviesServiceImages.deleteTree(dir);
  }

  private void run() {
    try {
      Path config = dir.resolve("config.yml");
      Files.writeString(
          config,
          String.join(
              "\n",
              "version: 0.1",
              "log:",
              "  level: info",
              "  formatter: text",
              "storage:",
              "  filesystem:",
              "    rootdirectory: " + dir.resolve("data"),
              "  delete:",
              "    enabled: true",
              "http:",
              "  addr: " + address(),
              "")
              + extraConfig);
      process =
          new ProcessBuilder(BINARY.toString(), "serve", config.toString())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
              .start();
      process.getOutputStream().close();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!listening()) {
        if (!process.isAlive()) {
          throw new IllegalStateException("docker-registry exited: " + Files.readString(log()));
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("docker-registry did not listen on " + address() + " within 30 s");
        }
        Thread.onSpinWait();
        process.waitFor(50, TimeUnit.MILLISECONDS);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private boolean listening() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
