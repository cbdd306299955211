package io.cinemaabyss.cinema.qemu;

import io.cinemaabyss.cinema.elf.ElfHeader;
import io.cinemaabyss.cinema.platform.Platform;
import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Finds how this machine can run binaries of another architecture: the host's own architecture
 * runs natively; others through {@code qemu-<arch>-static} (or {@code qemu-<arch>}) on the PATH,
 * else through a binfmt_misc handler registered for that ELF machine in
 * {@code /proc/sys/fs/binfmt_misc}.
 */
public final class UserEmulation {

  private static final Map<String, String> QEMU_NAMES =
      Map.ofEntries(
          Map.entry("amd64", "x86_64"),
          Map.entry("arm64", "aarch64"),
          Map.entry("arm", "arm"),
          Map.entry("386", "i386"),
          Map.entry("ppc64le", "ppc64le"),
          Map.entry("ppc64", "ppc64"),
          Map.entry("s390x", "s390x"),
          Map.entry("riscv64", "riscv64"),
          Map.entry("mips64le", "mips64el"),
          Map.entry("mips64", "mips64"),
          Map.entry("loong64", "loongarch64"));

  private final String hostArchitecture;
  private final String path;
  private final Path binfmtDirectory;

  /**
   * @param hostArchitecture this machine's architecture in OCI terms ({@code amd64}, {@code arm64})
   * @param path the PATH to look for emulators on
   * @param binfmtDirectory normally {@code /proc/sys/fs/binfmt_misc}
   */
  public UserEmulation(String hostArchitecture, String path, Path binfmtDirectory) {
    this.hostArchitecture = Platform.of("linux", hostArchitecture).architecture();
    this.path = path == null ? "" : path;
    this.binfmtDirectory = binfmtDirectory;
  }

  public static UserEmulation ofThisMachine() {
    return new UserEmulation(
        System.getProperty("os.arch", "").toLowerCase(Locale.ROOT),
        System.getenv().getOrDefault("PATH", ""),
        Path.of("/proc/sys/fs/binfmt_misc"));
  }

  public String hostArchitecture() {
    return hostArchitecture;
  }

  /** How binaries of {@code architecture} (OCI name) run here, if they can. */
  public Optional<Emulation> find(String architecture) {
    if (architecture.equals(hostArchitecture)) {
      return Optional.of(new Emulation(Emulation.Kind.NATIVE, architecture, Optional.empty(), "natively on this " + hostArchitecture + " machine"));
    }
    String qemu = QEMU_NAMES.get(architecture);
    if (qemu != null) {
      for (String name : List.of("qemu-" + qemu + "-static", "qemu-" + qemu)) {
        Optional<Path> found = onPath(name);
        if (found.isPresent()) {
          return Optional.of(new Emulation(Emulation.Kind.QEMU_USER, architecture, found, "under " + found.get()));
        }
      }
    }
    return binfmtHandler(architecture)
        .map(handler -> new Emulation(
            Emulation.Kind.BINFMT, architecture, Optional.empty(), "through the binfmt_misc handler " + handler));
  }

  /** Why {@code platform} cannot run here, and how to make it possible. */
  public String unavailable(Platform platform) {
    String qemu = QEMU_NAMES.getOrDefault(platform.architecture(), platform.architecture());
    return "no QEMU user emulation for " + platform + " on this " + hostArchitecture + " machine: neither qemu-" + qemu
        + "-static nor qemu-" + qemu + " is on the PATH and no binfmt_misc handler is registered for it in " + binfmtDirectory
        + ". Install qemu-user-static (Debian/Ubuntu: apt-get install qemu-user-static binfmt-support) or register handlers "
        + "(docker run --privileged --rm tonistiigi/binfmt --install all)";
  }

  private Optional<Path> onPath(String name) {
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isBlank()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** A registered, enabled handler whose ELF magic names {@code architecture}'s machine. */
  private Optional<String> binfmtHandler(String architecture) {
    if (binfmtDirectory == null || !Files.isDirectory(binfmtDirectory)) {
      return Optional.empty();
    }
    Path status = binfmtDirectory.resolve("status");
    try {
      if (Files.isRegularFile(status) && !Files.readString(status).trim().equals("enabled")) {
        return Optional.empty();
      }
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(binfmtDirectory)) {
        for (Path entry : entries) {
          String name = entry.getFileName().toString();
          if (name.equals("status") || name.equals("register") || !Files.isRegularFile(entry)) {
            continue;
          }
          Optional<String> arch = handledArchitecture(Files.readAllLines(entry));
          if (arch.isPresent() && arch.get().equals(architecture)) {
            return Optional.of(entry.toString());
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /** The architecture an enabled binfmt_misc entry runs, read from its ELF magic. */
  static Optional<String> handledArchitecture(List<String> lines) {
    if (lines.isEmpty() || !lines.get(0).trim().equals("enabled")) {
      return Optional.empty();
    }
    for (String line : lines) {
      if (line.startsWith("magic ")) {
        String hex = line.substring(6).trim();
        if (hex.length() < 40 || hex.length() % 2 != 0) {
          return Optional.empty();
        }
        byte[] magic = HexFormat.of().parseHex(hex.substring(0, 40));
        return ElfHeader.parse(magic).map(ElfHeader::architecture);
      }
    }
    return Optional.empty();
  }
}
