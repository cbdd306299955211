package io.cinemaabyss.cinema.check;

import io.cinemaabyss.cinema.BuildLog;
import io.cinemaabyss.cinema.host.BinaryRunner;
import io.cinemaabyss.cinema.host.RunOutcome;
import io.cinemaabyss.cinema.oci.ConfigFile;
import io.cinemaabyss.cinema.oci.Descriptor;
import io.cinemaabyss.cinema.oci.Descriptor;
import io.cinemaabyss.cinema.oci.Platform;
import io.cinemaabyss.cinema.store.ImageSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Runs each platform's entrypoint binary, taken from the image's own layers, with the given
 * arguments (such as {@code --version}): natively for this machine's architecture, under QEMU user
 * emulation for the others. Only the binary is extracted, so this suits static binaries.
 *
 * <p>With binfmt_misc handlers registered, a binary of the wrong architecture would still run here;
 * the runner therefore checks the ELF machine first, and the ELF verdict stays the source of truth.
 */
public final class SmokeTest {

  private final ImageSource source;
  private final BinaryRunner runner;
  private final List<String> args;
  private final Duration timeout;
  private final BuildLog log;
  private final Optional<Duration> aliveAfter;

  public SmokeTest(ImageSource source, BinaryRunner runner, List<String> args, Duration timeout, BuildLog log) {
    this(source, runner, args, timeout, log, Optional.empty());
  }

  /** @param aliveAfter for servers: a process still running after this long passes (and is stopped) */
  public SmokeTest(
      ImageSource source, BinaryRunner runner, List<String> args, Duration timeout, BuildLog log, Optional<Duration> aliveAfter) {
    this.aliveAfter = aliveAfter;
    this.source = source;
    this.runner = runner;
    this.args = List.copyOf(args);
    this.timeout = timeout;
    this.log = log;
  }

  /** One outcome per platform of {@code report}, in its order. */
  public List<RunOutcome> run(ImageReport report) {
    List<RunOutcome> outcomes = new ArrayList<>();
    for (PlatformReport platform : report.platforms()) {
      RunOutcome outcome = run(platform);
      log.debug("Smoke run " + outcome.status() + ": " + outcome.message());
      outcomes.add(outcome);
    }
    return outcomes;
  }

  private RunOutcome run(PlatformReport report) {
    String name = report.platformText();
    Optional<Platform> platform = report.platform();
    if (platform.isEmpty()) {
      return RunOutcome.skipped(name, name + ": not run: '" + name + "' is not a platform this tool can run");
    }
    Optional<EntrypointFinding> finding = report.entrypoint();
    if (finding.isEmpty()) {
      return RunOutcome.skipped(name, name + ": not run: the entrypoint was not analysed");
    }
    EntrypointFinding entrypoint = finding.get();
    if (entrypoint.kind() != EntrypointFinding.Kind.ELF || entrypoint.location().isEmpty()) {
      String why = switch (entrypoint.kind()) {
        case SHELL_FORM -> "the entrypoint is a shell command; the smoke run executes binaries only";
        case SCRIPT -> "the entrypoint is a script; the smoke run executes binaries only";
        default -> entrypoint.detail();
      };
      return entrypoint.kind() == EntrypointFinding.Kind.SHELL_FORM || entrypoint.kind() == EntrypointFinding.Kind.SCRIPT
          ? RunOutcome.skipped(name, name + ": not run: " + why)
          : new RunOutcome(RunOutcome.Status.FAILED, name, List.of(), -1, "not run", "", name + ": cannot run: " + why);
    }
    FileLocation location = entrypoint.location().get();
    Descriptor layer = report.layers().get(location.layer() - 1);
    Path work = null;
    try {
      work = Files.createTempDirectory("cinema-smoke-" + platform.get().slug() + "-");
      String fileName = Path.of(entrypoint.resolvedPath()).getFileName().toString();
      Path binary = work.resolve(fileName);
      boolean extracted;
      try (InputStream in = source.blob(layer)) {
        extracted = LayerReader.extract(in, layer.digest().toString(), location.entryName(), binary);
      }
      if (!extracted) {
        return new RunOutcome(RunOutcome.Status.FAILED, name, List.of(), -1, "not run", "",
            name + ": cannot run: " + location + " was not found when extracting it");
      }
      List<String> command = new ArrayList<>(args);
      return runner.run(binary, platform.get(), command, timeout, environment(report.image(), work), work, aliveAfter, report.image().user());
    } catch (IOException e) {
      throw new UncheckedIOException("Smoke run for " + name + " failed: " + e.getMessage(), e);
    } finally {
      delete(work);
    }
  }

  /** The image's environment without PATH (which names directories of the image, not of this machine). */
  private static Map<String, String> environment(ConfigFile config, Path home) {
    Map<String, String> env = new LinkedHashMap<>();
    for (String item : config.env()) {
      int eq = item.indexOf('=');
      if (eq > 0 && !item.startsWith("PATH=")) {
        env.put(item.substring(0, eq), item.substring(eq + 1));
      }
    }
    env.put("HOME", home.toString());
    return env;
  }

  private static void delete(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a leftover temporary directory is harmless
    }
  }
}
