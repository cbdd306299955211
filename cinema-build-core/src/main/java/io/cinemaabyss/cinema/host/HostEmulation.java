package io.cinemaabyss.cinema.host;

import io.cinemaabyss.cinema.SearchPath;
import io.cinemaabyss.cinema.oci.Platform;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Which architectures this host can run: its own, and foreign ones through the kernel's
 * binfmt_misc handlers (qemu-user-static registers them) or a QEMU user emulator on the PATH
 * ({@code qemu-<arch>-static}, else {@code qemu-<arch>}). Docker builds ask whether containers
 * run; smoke runs ask how one binary runs ({@link #find}).
 */
public record HostEmulation(
    String hostArchitecture, Path binfmtDir, boolean binfmtMounted, boolean binfmtEnabled, List<BinfmtHandler> handlers,
    Map<String, Path> qemuUser) {

  public static final Path BINFMT_MISC = Path.of("/proc/sys/fs/binfmt_misc");

  public HostEmulation {
    handlers = List.copyOf(handlers);
    qemuUser = Map.copyOf(qemuUser);
  }

  /** Looks at this host: the JVM's architecture, /proc/sys/fs/binfmt_misc and the PATH. */
  public static HostEmulation detect() {
    return detect(BINFMT_MISC, System.getenv().getOrDefault("PATH", ""), thisHostArchitecture());
  }

  public static HostEmulation detect(Path binfmtDir, String path, String hostArchitecture) {
    boolean mounted = Files.isRegularFile(binfmtDir.resolve("register")) || Files.exists(binfmtDir.resolve("status"));
    boolean enabled = false;
    List<BinfmtHandler> handlers = new ArrayList<>();
    if (mounted) {
      try {
        Path status = binfmtDir.resolve("status");
        enabled = Files.isReadable(status) && Files.readString(status, StandardCharsets.UTF_8).strip().equals("enabled");
        try (Stream<Path> entries = Files.list(binfmtDir)) {
          for (Path entry : entries.sorted().toList()) {
            String name = entry.getFileName().toString();
            if (!name.equals("register") && !name.equals("status") && Files.isRegularFile(entry) && Files.isReadable(entry)) {
              handlers.add(BinfmtHandler.read(entry));
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read " + binfmtDir, e);
      }
    }
    Map<String, Path> qemu = new LinkedHashMap<>();
    for (String arch : QemuArchitectures.ARCHITECTURES) {
      String name = QemuArchitectures.emulatorName(arch);
      SearchPath search = new SearchPath(path);
      search.find(name + "-static").or(() -> search.find(name)).ifPresent(found -> qemu.put(arch, found));
    }
    return new HostEmulation(hostArchitecture, binfmtDir, mounted, enabled, handlers, qemu);
  }

  /** The OCI architecture of this JVM's host, such as amd64 or arm64. */
  public static String thisHostArchitecture() {
    String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    try {
      return new Platform("linux", arch, "").architecture();
    } catch (IllegalArgumentException e) {
      return arch;
    }
  }

  /** True when this process runs as root (uid 0), which registering binfmt handlers and switching users need. */
  public static boolean thisProcessIsRoot() {
    try {
      return Files.getAttribute(Path.of("/proc/self"), "unix:uid") instanceof Integer uid && uid == 0;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  /** True on a Linux kernel, the only one with binfmt_misc. */
  public static boolean thisHostIsLinux() {
    return System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux");
  }

  public boolean isNative(Platform platform) {
    return isNative(platform.architecture());
  }

  private boolean isNative(String arch) {
    return arch.equals(hostArchitecture) || (hostArchitecture.equals("amd64") && arch.equals("386"));
  }

  /** How a binary of {@code architecture} (OCI name) runs here: natively, under a QEMU emulator on the PATH, or by binfmt. */
  public Optional<Emulation> find(String architecture) {
    if (isNative(architecture)) {
      return Optional.of(new Emulation(Emulation.Kind.NATIVE, architecture, Optional.empty(), "natively on this " + hostArchitecture + " machine"));
    }
    Path qemu = qemuUser.get(architecture);
    if (qemu != null) {
      return Optional.of(new Emulation(Emulation.Kind.QEMU_USER, architecture, Optional.of(qemu), "under " + qemu));
    }
    return handlerFor(architecture)
        .map(handler -> new Emulation(Emulation.Kind.BINFMT, architecture, Optional.empty(), "through the binfmt_misc handler " + handler));
  }

  /** Why binaries of {@code platform} cannot run here, and how to make it possible. */
  public String unavailable(Platform platform) {
    String qemu = QemuArchitectures.emulatorName(platform.architecture());
    return "no QEMU user emulation for " + platform + " on this " + hostArchitecture + " machine: neither " + qemu
        + "-static nor " + qemu + " is on the PATH and no binfmt_misc handler is registered for it in " + binfmtDir
        + ". Install qemu-user-static (Debian/Ubuntu: apt-get install qemu-user-static binfmt-support) or register handlers "
        + "(docker run --privileged --rm tonistiigi/binfmt --install all)";
  }

  /** The enabled handler that runs {@code architecture}'s ELF binaries, preferring one that works in containers. */
  public Optional<BinfmtHandler> handlerFor(String architecture) {
    if (!binfmtEnabled) {
      return Optional.empty();
    }
    return handlers.stream()
        .filter(h -> h.enabled() && h.architecture().map(architecture::equals).orElse(false))
        .sorted((a, b) -> Boolean.compare(b.worksInContainers(), a.worksInContainers()))
        .findFirst();
  }

  /** True when containers of {@code platform} can run here (a build's RUN steps): natively or by a binfmt handler with flag F. */
  public boolean canRunInContainers(Platform platform) {
    return isNative(platform) || handlerFor(platform.architecture()).map(BinfmtHandler::worksInContainers).orElse(false);
  }

  /** True when a binary of {@code platform} runs on this host: natively, by binfmt, or by calling qemu-ARCH[-static]. */
  public boolean canRunBinaries(Platform platform) {
    return isNative(platform) || handlerFor(platform.architecture()).isPresent() || qemuUser.containsKey(platform.architecture());
  }

  /** The foreign architectures containers can run here, through binfmt handlers. */
  public List<String> foreignArchitectures() {
    TreeSet<String> out = new TreeSet<>();
    for (BinfmtHandler h : handlers) {
      h.architecture().filter(a -> !a.equals(hostArchitecture) && binfmtEnabled && h.enabled() && h.worksInContainers()).ifPresent(out::add);
    }
    return List.copyOf(out);
  }

  /** How {@code platform} runs here, in words: natively, through which handler, or why not. */
  public String describe(Platform platform) {
    if (isNative(platform)) {
      return platform + " runs natively on this " + hostArchitecture + " host";
    }
    Optional<BinfmtHandler> handler = handlerFor(platform.architecture());
    if (handler.isPresent()) {
      return platform + " runs under emulation through the binfmt_misc handler " + handler.get()
          + (handler.get().worksInContainers() ? "" : ", which lacks flag F and so does not work inside containers");
    }
    Path qemu = qemuUser.get(platform.architecture());
    String why =
        !binfmtMounted ? "binfmt_misc is not mounted at " + BINFMT_MISC
            : !binfmtEnabled ? "binfmt_misc is disabled (" + BINFMT_MISC.resolve("status") + ")"
            : "no binfmt_misc handler is registered for " + platform.architecture();
    return platform + " cannot run in containers here: " + why
        + (qemu == null ? "" : " (" + qemu + " is installed, but only runs binaries called through it)");
  }

  @Override
  public String toString() {
    List<String> foreign = foreignArchitectures();
    return "host " + hostArchitecture + ", emulated in containers: " + (foreign.isEmpty() ? "none" : String.join(", ", foreign));
  }
}
