package io.cinemaabyss.cinema.host;

import io.cinemaabyss.cinema.BuildLog;
import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.SearchPath;
import io.cinemaabyss.cinema.oci.Platform;
import io.cinemaabyss.cinema.process.Command;
import io.cinemaabyss.cinema.process.ProcessResult;
import io.cinemaabyss.cinema.process.ProcessRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Makes foreign architectures runnable in containers on a Linux host: as root, mounts binfmt_misc
 * when needed and registers qemu-user-static's handlers (through Debian's update-binfmts when it
 * knows the format, else by writing the register line itself); otherwise says the one command a
 * user must run.
 */
public final class BinfmtRegistration {

  /** Where Debian's binfmt-support keeps the formats packages install (qemu-user-static's among them). */
  public static final Path DEBIAN_FORMATS = Path.of("/usr/share/binfmts");

  private final Path binfmtDir;
  private final Path formatsDir;
  private final String path;
  private final boolean root;
  private final boolean linux;
  private final String hostArchitecture;
  private final BuildLog log;

  /** What was done: the platforms that already ran, those registered now, and the command still needed. */
  public record Outcome(List<Platform> alreadyAvailable, List<Platform> registered, List<Platform> missing, Optional<String> command) {
    public Outcome {
      alreadyAvailable = List.copyOf(alreadyAvailable);
      registered = List.copyOf(registered);
      missing = List.copyOf(missing);
    }

    public boolean complete() {
      return missing.isEmpty();
    }
  }

  public BinfmtRegistration(Path binfmtDir, Path formatsDir, String path, boolean root, boolean linux, String hostArchitecture, BuildLog log) {
    this.binfmtDir = binfmtDir;
    this.formatsDir = formatsDir;
    this.path = path;
    this.root = root;
    this.linux = linux;
    this.hostArchitecture = hostArchitecture;
    this.log = log;
  }

  /** For this host: the real binfmt_misc, the PATH, and whether this process is root. */
  public static BinfmtRegistration forThisHost(BuildLog log) {
    return new BinfmtRegistration(
        HostEmulation.BINFMT_MISC, DEBIAN_FORMATS, System.getenv().getOrDefault("PATH", ""), HostEmulation.thisProcessIsRoot(),
        HostEmulation.thisHostIsLinux(), HostEmulation.thisHostArchitecture(), log);
  }

  public HostEmulation emulation() {
    return HostEmulation.detect(binfmtDir, path, hostArchitecture);
  }

  /**
   * Makes every platform in {@code platforms} runnable in containers, as far as this process may;
   * what it cannot do comes back as {@link Outcome#command()}.
   */
  public Outcome ensure(List<Platform> platforms) {
    HostEmulation before = emulation();
    List<Platform> available = new ArrayList<>();
    List<Platform> wanted = new ArrayList<>();
    for (Platform p : new LinkedHashSet<>(platforms)) {
      (before.canRunInContainers(p) ? available : wanted).add(p);
    }
    if (wanted.isEmpty()) {
      return new Outcome(available, List.of(), List.of(), Optional.empty());
    }
    if (!linux) {
      return new Outcome(available, List.of(), wanted, Optional.of(instructions(wanted)));
    }
    if (!root) {
      return new Outcome(available, List.of(), wanted, Optional.of(instructions(wanted)));
    }
    mountIfNeeded();
    for (Platform p : wanted) {
      registerOne(p.architecture());
    }
    HostEmulation after = emulation();
    List<Platform> registered = wanted.stream().filter(after::canRunInContainers).toList();
    List<Platform> missing = wanted.stream().filter(p -> !after.canRunInContainers(p)).toList();
    return new Outcome(available, registered, missing, missing.isEmpty() ? Optional.empty() : Optional.of(instructions(missing)));
  }

  /** The one command that makes {@code platforms} runnable, for a user to run on this host. */
  public String instructions(List<Platform> platforms) {
    Set<String> archs = platforms.stream().map(Platform::architecture).collect(Collectors.toCollection(LinkedHashSet::new));
    String dockerWay = "docker run --privileged --rm tonistiigi/binfmt --install " + String.join(",", archs);
    if (!linux) {
      return "Docker Desktop emulates foreign architectures itself; on a Linux Docker host run: " + dockerWay;
    }
    String sudo = root ? "" : "sudo ";
    boolean debianFormats = archs.stream().allMatch(a -> Files.isRegularFile(formatsDir.resolve(QemuArchitectures.emulatorName(a))));
    if (onPath("update-binfmts").isPresent() && debianFormats) {
      return archs.stream()
          .map(a -> sudo + "update-binfmts --enable " + QemuArchitectures.emulatorName(a))
          .collect(Collectors.joining(" && "));
    }
    if (onPath("apt-get").isPresent()) {
      return sudo + "apt-get install -y qemu-user-static binfmt-support";
    }
    return sudo + dockerWay;
  }

  /** Registers a handler by writing its line to binfmt_misc's register file (root only). */
  public void register(String name, byte[] magic, byte[] mask, Path interpreter, String flags) {
    String line = ":" + name + ":M::" + escape(magic) + ":" + escape(mask) + ":" + interpreter + ":" + flags;
    try {
      Files.writeString(binfmtDir.resolve("register"), line, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new CinemaException(
          "Cannot register the binfmt_misc handler " + name + " (" + e.getMessage() + "): this needs root, and binfmt_misc mounted at "
              + binfmtDir + ". Run as root, or: " + instructions(List.of()), e);
    }
    log.info("Registered binfmt_misc handler " + name + " -> " + interpreter + " (flags " + flags + ")");
  }

  /** Removes a handler (root only). */
  public void unregister(String name) {
    try {
      Files.writeString(binfmtDir.resolve(name), "-1", StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot remove the binfmt_misc handler " + name, e);
    }
  }

  private void registerOne(String arch) {
    String name = QemuArchitectures.emulatorName(arch);
    Path existing = binfmtDir.resolve(name);
    Optional<Path> updateBinfmts = onPath("update-binfmts");
    if (updateBinfmts.isPresent() && Files.isRegularFile(formatsDir.resolve(name))) {
      run(List.of(updateBinfmts.get().toString(), "--enable", name));
      return;
    }
    if (Files.isRegularFile(existing)) {
      // Registered but disabled: switch it on.
      try {
        Files.writeString(existing, "1", StandardCharsets.US_ASCII);
        log.info("Enabled binfmt_misc handler " + name);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot enable the binfmt_misc handler " + existing, e);
      }
      return;
    }
    Optional<Path> interpreter = onPath(name + "-static");
    Optional<byte[][]> magic = QemuArchitectures.magicAndMask(arch);
    if (interpreter.isEmpty() || magic.isEmpty()) {
      log.warn("No " + name + "-static on the PATH: cannot register emulation for " + arch + ". Install qemu-user-static.");
      return;
    }
    register(name, magic.get()[0], magic.get()[1], interpreter.get(), "F");
  }

  private void mountIfNeeded() {
    if (Files.isRegularFile(binfmtDir.resolve("register"))) {
      return;
    }
    log.info("Mounting binfmt_misc at " + binfmtDir);
    run(List.of("mount", "-t", "binfmt_misc", "binfmt_misc", binfmtDir.toString()));
  }

  private void run(List<String> command) {
    ProcessResult result = ProcessRunner.run(Command.of(command, Duration.ofSeconds(60)).mergingErrors());
    String output = result.stdout().strip();
    if (!result.succeeded()) {
      throw new CinemaException(String.join(" ", command) + " failed" + (output.isEmpty() ? "" : ": " + output));
    }
    log.info("Ran " + String.join(" ", command) + (output.isEmpty() ? "" : ": " + output));
  }

  private Optional<Path> onPath(String name) {
    return new SearchPath(path).find(name);
  }

  private static String escape(byte[] bytes) {
    StringBuilder out = new StringBuilder();
    for (byte b : bytes) {
      out.append(String.format("\\x%02x", b & 0xff));
    }
    return out.toString();
  }
}
