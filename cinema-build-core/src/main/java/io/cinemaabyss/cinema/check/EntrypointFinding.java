package io.cinemaabyss.cinema.check;

import io.cinemaabyss.cinema.check.elf.ElfHeader;
import java.util.List;
import java.util.Optional;

/**
 * What the image would execute: the command, the program's path before and after symlinks, and
 * the ELF header of the binary the kernel would load: the program itself, or the shell or
 * interpreter it runs through.
 *
 * @param kind what the program turned out to be
 * @param command the entrypoint followed by the cmd
 * @param path the program's absolute path in the image (after a PATH search), empty when none
 * @param resolvedPath {@code path} with every symlink followed
 * @param elf the ELF header of the binary the kernel loads, when there is one
 * @param elfPath the path of that binary: {@code path}, or the shell or script interpreter
 * @param location where that binary's bytes are in the image
 * @param detail one sentence for a person
 * @param layersRead how many layers were read to settle this (the top ones first)
 */
public record EntrypointFinding(
    Kind kind,
    List<String> command,
    String path,
    String resolvedPath,
    Optional<ElfHeader> elf,
    String elfPath,
    Optional<FileLocation> location,
    String detail,
    int layersRead) {

  public enum Kind {
    /** An ELF binary. */
    ELF,
    /** {@code sh -c "..."}: the shell is checked; the real program is inside the shell command. */
    SHELL_FORM,
    /** A {@code #!} script: its interpreter is checked. */
    SCRIPT,
    /** A file that is neither ELF nor a script: exec fails. */
    NOT_EXECUTABLE,
    /** The program is not in the image (never there, or deleted by a whiteout). */
    NOT_FOUND,
    /** The path is a directory, device or broken link. */
    NOT_A_FILE,
    /** The image has neither entrypoint nor cmd. */
    NO_COMMAND,
    /** The layers could not be read or resolved: malformed tar, path escape, symlink loop. */
    ERROR
  }

  public EntrypointFinding {
    command = List.copyOf(command);
  }

  static EntrypointFinding problem(Kind kind, List<String> command, String path, String detail, int layersRead) {
    return new EntrypointFinding(kind, command, path, "", Optional.empty(), "", Optional.empty(), detail, layersRead);
  }

  EntrypointFinding withLayersRead(int value) {
    return new EntrypointFinding(kind, command, path, resolvedPath, elf, elfPath, location, detail, value);
  }

  /** The architecture the kernel would need to load {@link #elf}, when there is an ELF binary. */
  public Optional<String> architecture() {
    return elf.map(ElfHeader::architecture);
  }
}
