package io.cinemaabyss.cinema.check;

import io.cinemaabyss.cinema.check.elf.ElfHeader;
import io.cinemaabyss.cinema.check.elf.ElfInterpreter;
import io.cinemaabyss.cinema.oci.ConfigFile;
import io.cinemaabyss.cinema.oci.Descriptor;
import io.cinemaabyss.cinema.oci.InvalidContentException;
import io.cinemaabyss.cinema.store.ImageSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Finds what an image would execute and which ELF binary the kernel would load for it, by
 * building the image's file tree from its layers. The top layer is read first; the others only
 * when the top layer alone cannot settle every path the answer needs.
 */
public final class EntrypointResolver {

  private static final Set<String> SHELLS = Set.of("sh", "bash", "ash", "dash", "zsh", "ksh", "mksh");

  private EntrypointResolver() {}

  /**
   * Resolves the entrypoint of the image with these {@code layers} (bottom first) and
   * {@code config}, reading layers from {@code source}. Broken or hostile layers give a finding of
   * kind {@link EntrypointFinding.Kind#ERROR}, not an exception.
   */
  public static EntrypointFinding analyse(ImageSource source, List<Descriptor> layers, ConfigFile config) {
    if (config.command().isEmpty()) {
      return resolve(ImageFileSystem.empty(), config);
    }
    int count = layers.size();
    try {
      if (count >= 2) {
        Descriptor top = layers.get(count - 1);
        List<LayerEntry> topEntries = new ArrayList<>();
        read(source, top, topEntries::add);
        try {
          ImageFileSystem partial = ImageFileSystem.overUnknownLayers();
          partial.beginLayer(count, top.digest().toString());
          topEntries.forEach(partial::apply);
          return resolve(partial, config).withLayersRead(1);
        } catch (ImageFileSystem.LowerLayersNeeded needed) {
          ImageFileSystem full = ImageFileSystem.empty();
          for (int i = 0; i < count - 1; i++) {
            full.beginLayer(i + 1, layers.get(i).digest().toString());
            read(source, layers.get(i), full::apply);
          }
          full.beginLayer(count, top.digest().toString());
          topEntries.forEach(full::apply);
          return resolve(full, config).withLayersRead(count);
        }
      }
      ImageFileSystem full = ImageFileSystem.empty();
      if (count == 1) {
        full.beginLayer(1, layers.get(0).digest().toString());
        read(source, layers.get(0), full::apply);
      }
      return resolve(full, config).withLayersRead(count);
    } catch (InvalidContentException e) {
      return EntrypointFinding.problem(EntrypointFinding.Kind.ERROR, config.command(), "", e.getMessage(), count);
    }
  }

  private static void read(ImageSource source, Descriptor layer, Consumer<LayerEntry> sink) {
    try (InputStream in = source.blob(layer)) {
      LayerReader.read(in, layer.digest().toString(), sink);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read layer " + layer.digest() + " of " + source.name(), e);
    }
  }

  /** Resolves the command of {@code config} in a file tree already built. */
  static EntrypointFinding resolve(ImageFileSystem fs, ConfigFile config) {
    List<String> argv = config.command();
    if (argv.isEmpty()) {
      return EntrypointFinding.problem(
          EntrypointFinding.Kind.NO_COMMAND, argv, "", "the image has neither an entrypoint nor a cmd: a runtime has nothing to start", 0);
    }
    String program = argv.get(0);
    Optional<ImageFileSystem.Lookup> found = locate(fs, program, config);
    if (found.isEmpty()) {
      return EntrypointFinding.problem(
          EntrypointFinding.Kind.NOT_FOUND, argv, "",
          "'" + program + "' is not in any directory of the image's PATH (" + String.join(":", config.path())
              + "): the container would fail with 'executable file not found'", 0);
    }
    ImageFileSystem.Lookup lookup = found.get();
    if (lookup.status() != ImageFileSystem.Status.FILE) {
      return notAFile(argv, lookup);
    }
    FileLocation location = lookup.location();
    String shown = shown(lookup);
    if ((location.mode() & 0111) == 0) {
      return new EntrypointFinding(
          EntrypointFinding.Kind.NOT_EXECUTABLE, argv, lookup.asked(), lookup.resolved(), Optional.empty(), "",
          Optional.of(location),
          shown + " is not executable (mode " + Integer.toOctalString(location.mode() & 07777)
              + "): the container would fail with 'permission denied'", 0);
    }
    Optional<ElfHeader> elf = ElfHeader.parse(head(lookup.head()));
    if (isShell(program) && argv.size() >= 2 && argv.get(1).equals("-c")) {
      String inner = argv.size() >= 3 ? argv.get(2) : "";
      String detail =
          "a shell-form command: " + shown + elf.map(h -> " (" + h + ")").orElse(" (not an ELF binary)")
              + " runs the shell command '" + inner + "'; the real program is inside that command and is not checked";
      return new EntrypointFinding(
          EntrypointFinding.Kind.SHELL_FORM, argv, lookup.asked(), lookup.resolved(), elf, lookup.resolved(),
          Optional.of(location), detail, 0);
    }
    if (elf.isPresent()) {
      Optional<String> interpreter = ElfInterpreter.ofHead(head(lookup.head()));
      if (interpreter.isPresent() && fs.lookup(interpreter.get(), true).status() != ImageFileSystem.Status.FILE) {
        return EntrypointFinding.problem(
            EntrypointFinding.Kind.NOT_FOUND, argv, lookup.asked(),
            shown + " is " + elf.get() + ", dynamically linked: it needs the interpreter " + interpreter.get()
                + ", which the image does not have: the container would fail with 'no such file or directory'."
                + " Build it static (CGO_ENABLED=0, or cgo with -extldflags -static) or on a base with that libc", 0);
      }
      return new EntrypointFinding(
          EntrypointFinding.Kind.ELF, argv, lookup.asked(), lookup.resolved(), elf, lookup.resolved(),
          Optional.of(location), shown + " is " + elf.get(), 0);
    }
    byte[] head = lookup.head();
    if (head.length >= 2 && head[0] == '#' && head[1] == '!') {
      return script(fs, config, argv, lookup, shown);
    }
    return new EntrypointFinding(
        EntrypointFinding.Kind.NOT_EXECUTABLE, argv, lookup.asked(), lookup.resolved(), Optional.empty(), "",
        Optional.of(location),
        shown + " is neither an ELF binary nor a #! script: the container would fail with 'exec format error'", 0);
  }

  private static EntrypointFinding script(
      ImageFileSystem fs, ConfigFile config, List<String> argv, ImageFileSystem.Lookup lookup, String shown) {
    String line = new String(lookup.head(), 2, lookup.head().length - 2, StandardCharsets.UTF_8);
    int end = line.indexOf('\n');
    line = (end >= 0 ? line.substring(0, end) : line).trim();
    String[] words = line.split("\\s+");
    String interpreter = words.length > 0 ? words[0] : "";
    Optional<ImageFileSystem.Lookup> found;
    if (interpreter.endsWith("/env") && words.length > 1) {
      found = locate(fs, words[1], config);
    } else {
      found = interpreter.startsWith("/") ? Optional.of(fs.lookup(interpreter, true)) : Optional.empty();
    }
    String what = shown + " is a script (#!" + line + ")";
    if (found.isEmpty() || found.get().status() != ImageFileSystem.Status.FILE) {
      return new EntrypointFinding(
          EntrypointFinding.Kind.NOT_FOUND, argv, lookup.asked(), lookup.resolved(), Optional.empty(), "",
          Optional.of(lookup.location()),
          what + " whose interpreter is not in the image: the container would fail with 'no such file or directory'", 0);
    }
    ImageFileSystem.Lookup interp = found.get();
    Optional<ElfHeader> elf = ElfHeader.parse(head(interp.head()));
    return new EntrypointFinding(
        EntrypointFinding.Kind.SCRIPT, argv, lookup.asked(), lookup.resolved(), elf, interp.resolved(),
        Optional.of(interp.location()),
        what + " run by " + shown(interp) + elf.map(h -> ", " + h).orElse(", which is not an ELF binary"), 0);
  }

  private static EntrypointFinding notAFile(List<String> argv, ImageFileSystem.Lookup lookup) {
    String path = lookup.asked();
    return switch (lookup.status()) {
      case MISSING -> EntrypointFinding.problem(
          EntrypointFinding.Kind.NOT_FOUND, argv, path,
          path + " is not in the image"
              + (lookup.deletedBy().isEmpty() ? ""
                  : lookup.resolved().equals(ImagePath.join(ImagePath.split(path)))
                      ? ": it was " + lookup.deletedBy()
                      : ": " + lookup.resolved() + " was " + lookup.deletedBy())
              + "; the container would fail with 'no such file or directory'", 0);
      case NOT_A_DIRECTORY -> EntrypointFinding.problem(
          EntrypointFinding.Kind.NOT_FOUND, argv, path,
          path + " cannot be reached: " + lookup.resolved() + " is a file, not a directory", 0);
      case DIRECTORY -> EntrypointFinding.problem(
          EntrypointFinding.Kind.NOT_A_FILE, argv, path, shown(lookup) + " is a directory, not a program", 0);
      default -> EntrypointFinding.problem(
          EntrypointFinding.Kind.NOT_A_FILE, argv, path,
          shown(lookup) + " is not a regular file (a device, fifo or broken hardlink)", 0);
    };
  }

  /** Finds a program the way the runtime does: absolute, relative to the working directory, or on PATH. */
  private static Optional<ImageFileSystem.Lookup> locate(ImageFileSystem fs, String program, ConfigFile config) {
    String workdir = config.workingDir().isEmpty() ? "/" : config.workingDir();
    if (program.startsWith("/")) {
      return Optional.of(fs.lookup(program, true));
    }
    if (program.contains("/")) {
      return Optional.of(fs.lookup(workdir + "/" + program, true));
    }
    for (String dir : config.path()) {
      String base = dir.startsWith("/") ? dir : workdir + "/" + dir;
      ImageFileSystem.Lookup candidate = fs.lookup(base + "/" + program, true);
      if (candidate.status() == ImageFileSystem.Status.FILE || candidate.status() == ImageFileSystem.Status.OTHER) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static boolean isShell(String program) {
    return SHELLS.contains(program.substring(program.lastIndexOf('/') + 1));
  }

  private static String shown(ImageFileSystem.Lookup lookup) {
    String asked = ImagePath.join(ImagePath.split(lookup.asked()));
    return asked.equals(lookup.resolved()) ? asked : asked + " -> " + lookup.resolved();
  }

  private static byte[] head(byte[] head) {
    return head == null ? new byte[0] : head;
  }
}
