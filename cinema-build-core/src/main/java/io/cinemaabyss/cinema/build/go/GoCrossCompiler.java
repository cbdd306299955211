package io.cinemaabyss.cinema.build.go;

import io.cinemaabyss.cinema.BuildLog;
import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.check.elf.ElfCheck;
import io.cinemaabyss.cinema.check.elf.ElfHeader;
import io.cinemaabyss.cinema.oci.Platform;
import io.cinemaabyss.cinema.process.Command;
import io.cinemaabyss.cinema.process.ProcessResult;
import io.cinemaabyss.cinema.process.ProcessRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Cross-compiles a Go main package natively for each platform ({@code GOOS}/{@code GOARCH}/{@code
 * GOARM}), in parallel, and checks every binary's ELF header against its platform.
 */
public final class GoCrossCompiler {

  /**
   * One go build per (GOCACHE, platform) at a time in this JVM: services of one reactor built with
   * -T would otherwise each compile the standard library for the same platform at once, since Go's
   * cache does not share work in progress.
   */
  private static final ConcurrentHashMap<String, Object> CACHE_LOCKS = new ConcurrentHashMap<>();

  private final GoToolchain toolchain;
  private final Map<String, String> baseEnvironment;
  private final int parallelism;
  private final BuildLog log;
  private final Duration heartbeat;

  public GoCrossCompiler(GoToolchain toolchain) {
    this(toolchain, System.getenv(), Runtime.getRuntime().availableProcessors(), BuildLog.NONE);
  }

  /**
   * @param baseEnvironment the environment go build inherits: the user's Go settings live here
   * @param parallelism how many platforms compile at once
   */
  public GoCrossCompiler(GoToolchain toolchain, Map<String, String> baseEnvironment, int parallelism, BuildLog log) {
    this(toolchain, baseEnvironment, parallelism, log, CompileHeartbeat.INTERVAL);
  }

  /** @param heartbeat how often the log says how long each running platform has been compiling */
  public GoCrossCompiler(GoToolchain toolchain, Map<String, String> baseEnvironment, int parallelism, BuildLog log, Duration heartbeat) {
    this.toolchain = toolchain;
    this.baseEnvironment = Map.copyOf(baseEnvironment);
    this.parallelism = Math.max(1, parallelism);
    this.log = log;
    this.heartbeat = heartbeat;
  }

  public GoToolchain toolchain() {
    return toolchain;
  }

  /**
   * Builds {@code options.mainPackage()} of the module in {@code moduleDir} once per platform into
   * {@code outputDir/<os-arch[-variant]>/<binaryName>}.
   *
   * @throws GoCompileException with the compiler's output for the first platform that failed
   */
  public List<GoBinary> compile(
      Path moduleDir, List<Platform> platforms, GoBuildOptions options, Path outputDir, String binaryName) {
    if (!Files.isDirectory(moduleDir)) {
      throw new CinemaException(
          "The Go module directory " + moduleDir + " does not exist. Set cinema.goModule (<goModule>) to the directory holding go.mod.");
    }
    if (!Files.isRegularFile(moduleDir.resolve("go.mod"))) {
      throw new CinemaException(
          "No go.mod in "
              + moduleDir
              + ". Point cinema.goModule (<goModule>) at the directory of the Go module, or run 'go mod init' there.");
    }
    GoModule.read(moduleDir).requireSatisfiedBy(toolchain, baseEnvironment);
    MainPackage main = new MainPackage(toolchain, baseEnvironment);
    main.require(moduleDir, options, platforms.stream().findFirst());
    int threads = Math.min(parallelism, platforms.size());
    ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
      Thread thread = new Thread(runnable, "cinema-go-build");
      thread.setDaemon(true);
      return thread;
    });
    try (CompileHeartbeat beats = CompileHeartbeat.every(heartbeat, log)) {
      List<Future<GoBinary>> futures = new ArrayList<>();
      for (Platform platform : platforms) {
        Path out = outputDir.resolve(platform.slug()).resolve(binaryName);
        futures.add(pool.submit(() -> {
          beats.started(platform);
          try {
            return compileOne(moduleDir, platform, options, out);
          } finally {
            beats.finished(platform);
          }
        }));
      }
      List<GoBinary> binaries = new ArrayList<>();
      for (Future<GoBinary> future : futures) {
        binaries.add(await(future));
      }
      return binaries;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Builds one platform's binary to {@code output}. */
  public GoBinary compileOne(Path moduleDir, Platform platform, GoBuildOptions options, Path output) {
    List<String> command = new ArrayList<>();
    command.add(toolchain.executable().toString());
    command.add("build");
    if (options.trimpath()) {
      command.add("-trimpath");
    }
    String ldflags = options.ldflags();
    if (options.cgo() && !ldflags.contains("-extldflags") && !ldflags.contains("-linkmode")) {
      // a static binary runs on any base, the built-in static one included: no libc needed in the image
      ldflags = (ldflags + " -linkmode external -extldflags -static").strip();
    }
    if (!ldflags.isBlank()) {
      command.add("-ldflags=" + ldflags);
    }
    if (!options.tags().isEmpty()) {
      command.add("-tags=" + String.join(",", options.tags()));
    }
    command.addAll(options.extraArgs());
    command.add("-o");
    command.add(output.toAbsolutePath().toString());
    command.add(options.mainPackage());

    Map<String, String> env = new LinkedHashMap<>(baseEnvironment);
    env.putAll(options.env());
    env.put("GOOS", platform.os());
    env.put("GOARCH", platform.architecture());
    platform.goArm().ifPresentOrElse(v -> env.put("GOARM", v), () -> env.remove("GOARM"));
    platform.goAmd64().ifPresentOrElse(v -> env.put("GOAMD64", v), () -> env.remove("GOAMD64"));
    env.put("CGO_ENABLED", options.cgo() ? "1" : "0");
    if (options.cgo()) {
      env.put("CC", CrossCompilers.cc(platform, env));
    }

    String printable = "GOOS=" + platform.os() + " GOARCH=" + platform.architecture()
        + platform.goArm().map(v -> " GOARM=" + v).orElse("") + " CGO_ENABLED=" + (options.cgo() ? 1 : 0)
        + (options.cgo() ? " CC=" + env.get("CC") : "")
        + (env.getOrDefault("GOFLAGS", "").isBlank() ? "" : " GOFLAGS=" + env.get("GOFLAGS"))
        + " " + String.join(" ", command.subList(1, command.size()));
    // the effective Go environment of this platform, then the command
    log.info("Compiling " + platform + ": " + printable.replaceFirst(" build ", " go build "));
    Object lock = CACHE_LOCKS.computeIfAbsent(env.getOrDefault("GOCACHE", "") + "|" + platform, key -> new Object());
    try {
      Files.createDirectories(output.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create " + output.getParent(), e);
    }
    Command run = Command.of(command, options.timeout()).in(moduleDir).withEnvironment(env).mergingErrors();
    ProcessResult result;
    synchronized (lock) {
      result = ProcessRunner.run(run);
    }
    String shown = "go " + printable.substring(printable.indexOf("build"));
    if (result.timedOut()) {
      throw new GoCompileTimeoutException(platform, options.timeout(), shown, result.errorTail(4000));
    }
    if (result.exitCode() != 0) {
      throw new GoCompileException(platform, shown, result.exitCode(), result.stdout());
    }
    ElfHeader elf = ElfCheck.require(output, platform, "The Go binary built for " + platform);
    return new GoBinary(platform, output, elf);
  }

  private static GoBinary await(Future<GoBinary> future) {
    try {
      return future.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new CinemaException("go build failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CinemaException("Interrupted while waiting for go build", e);
    }
  }
}
