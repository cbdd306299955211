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
import java.util.Optional;
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
  private java.time.Clock clock = java.time.Clock.systemUTC();

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

  /** The clock the up-to-date check reads to tell files changed too recently to be trusted (tests set one ahead). */
  GoCrossCompiler withClock(java.time.Clock value) {
    this.clock = value;
    return this;
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
    return compile(moduleDir, platforms, options, outputDir, binaryName, List.of());
  }

  /**
   * As {@link #compile(Path, List, GoBuildOptions, Path, String)}; a platform whose binary was built
   * from the same inputs ({@link GoInputs}) by an earlier call is kept, without running go build.
   *
   * @param notInputs directories under the module that go build does not read, such as the build's
   *     own output; {@code outputDir} is one always
   */
  public List<GoBinary> compile(
      Path moduleDir, List<Platform> platforms, GoBuildOptions options, Path outputDir, String binaryName, List<Path> notInputs) {
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
    List<Path> excluded = new ArrayList<>(notInputs);
    excluded.add(outputDir);
    Map<String, String> goEnvironment = new LinkedHashMap<>(baseEnvironment);
    goEnvironment.putAll(options.env());
    Optional<String> shared = GoInputs.shared(moduleDir, toolchain, goEnvironment, options, excluded, clock.instant(),
        reason -> log.debug("Go binaries not checked for changes, go build runs: " + reason));
    Map<Platform, Invocation> invocations = new LinkedHashMap<>();
    Map<Platform, GoBinary> kept = new LinkedHashMap<>();
    for (Platform platform : platforms) {
      Path out = outputDir.resolve(platform.slug()).resolve(binaryName);
      Invocation invocation = invocation(platform, options, out, shared);
      invocations.put(platform, invocation);
      Optional<String> sha256 = invocation.inputs().flatMap(key -> GoInputs.upToDate(out, key));
      if (sha256.isPresent()) {
        kept.put(platform, new GoBinary(platform, out, ElfCheck.require(out, platform, "The Go binary built for " + platform), sha256));
        log.info("Up to date " + platform + ": " + out + " (no Go input changed since it was built; go build not run)");
      }
    }
    if (kept.size() == platforms.size()) {
      return List.copyOf(kept.values());
    }
    MainPackage main = new MainPackage(toolchain, baseEnvironment);
    main.require(moduleDir, options, platforms.stream().findFirst());
    int threads = Math.min(parallelism, platforms.size() - kept.size());
    ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
      Thread thread = new Thread(runnable, "cinema-go-build");
      thread.setDaemon(true);
      return thread;
    });
    try (CompileHeartbeat beats = CompileHeartbeat.every(heartbeat, log)) {
      Map<Platform, Future<GoBinary>> futures = new LinkedHashMap<>();
      for (Platform platform : platforms) {
        if (kept.containsKey(platform)) {
          continue;
        }
        Invocation invocation = invocations.get(platform);
        futures.put(platform, pool.submit(() -> {
          beats.started(platform);
          try {
            return run(moduleDir, platform, invocation, options);
          } finally {
            beats.finished(platform);
          }
        }));
      }
      List<GoBinary> binaries = new ArrayList<>();
      for (Platform platform : platforms) {
        binaries.add(kept.containsKey(platform) ? kept.get(platform) : await(futures.get(platform)));
      }
      return binaries;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Builds one platform's binary to {@code output}. */
  public GoBinary compileOne(Path moduleDir, Platform platform, GoBuildOptions options, Path output) {
    return run(moduleDir, platform, invocation(platform, options, output, Optional.empty()), options);
  }

  /** One platform's go build: its command, environment, how the log shows it, and the digest of its inputs if known. */
  private record Invocation(Path output, List<String> command, Map<String, String> env, String printable, Optional<String> inputs) {}

  private Invocation invocation(Platform platform, GoBuildOptions options, Path output, Optional<String> shared) {
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
    Optional<String> inputs = shared.map(s -> GoInputs.platform(s + (options.cgoCheck() ? " cgo check" : ""), env, command));
    return new Invocation(output, command, env, printable, inputs);
  }

  private GoBinary run(Path moduleDir, Platform platform, Invocation invocation, GoBuildOptions options) {
    Path output = invocation.output();
    String printable = invocation.printable();
    // the effective Go environment of this platform, then the command
    log.info("Compiling " + platform + ": " + printable.replaceFirst(" build ", " go build "));
    Object lock = CACHE_LOCKS.computeIfAbsent(invocation.env().getOrDefault("GOCACHE", "") + "|" + platform, key -> new Object());
    try {
      Files.createDirectories(output.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create " + output.getParent(), e);
    }
    GoInputs.forget(output);
    Command run = Command.of(invocation.command(), options.timeout()).in(moduleDir).withEnvironment(invocation.env()).mergingErrors();
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
    Optional<String> sha256 = invocation.inputs().flatMap(key -> GoInputs.record(output, key));
    return new GoBinary(platform, output, elf, sha256);
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
