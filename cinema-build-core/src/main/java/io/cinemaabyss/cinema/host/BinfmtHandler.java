package io.cinemaabyss.cinema.host;

import io.cinemaabyss.cinema.check.elf.ElfHeader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;

/**
 * One entry of {@code /proc/sys/fs/binfmt_misc}: which interpreter the kernel runs for files whose
 * first bytes match a magic, and with which flags. An ELF magic names the architecture it is for.
 */
public record BinfmtHandler(String name, boolean enabled, String interpreter, String flags, int offset, byte[] magic, byte[] mask) {

  /** Reads an entry file such as {@code /proc/sys/fs/binfmt_misc/qemu-aarch64}. */
  public static BinfmtHandler read(Path entry) {
    try {
      return parse(entry.getFileName().toString(), Files.readString(entry, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the binfmt_misc entry " + entry, e);
    }
  }

  /** Parses the text of an entry file ({@code enabled}, {@code interpreter ...}, {@code flags: ...}, {@code magic ...}). */
  public static BinfmtHandler parse(String name, String text) {
    boolean enabled = false;
    String interpreter = "";
    String flags = "";
    int offset = 0;
    byte[] magic = new byte[0];
    byte[] mask = new byte[0];
    for (String line : text.split("\n")) {
      String l = line.strip();
      if (l.equals("enabled")) {
        enabled = true;
      } else if (l.startsWith("interpreter ")) {
        interpreter = l.substring("interpreter ".length()).strip();
      } else if (l.startsWith("flags:")) {
        flags = l.substring("flags:".length()).strip();
      } else if (l.startsWith("offset ")) {
        offset = Integer.parseInt(l.substring("offset ".length()).strip());
      } else if (l.startsWith("magic ")) {
        magic = hex(l.substring("magic ".length()).strip());
      } else if (l.startsWith("mask ")) {
        mask = hex(l.substring("mask ".length()).strip());
      }
    }
    return new BinfmtHandler(name, enabled, interpreter, flags, offset, magic, mask);
  }

  /** The OCI architecture of the ELF files this handler runs, when its magic is an ELF header. */
  public Optional<String> architecture() {
    if (offset != 0 || magic.length < ElfHeader.IDENT_LENGTH) {
      return Optional.empty();
    }
    byte[] head = magic.clone();
    for (int i = 0; i < head.length && i < mask.length; i++) {
      head[i] &= mask[i];
    }
    return ElfHeader.parse(head).map(ElfHeader::architecture).filter(a -> !a.startsWith("unknown"));
  }

  /**
   * True when the kernel opens the interpreter at registration (flag F), so it works inside
   * containers, whose file systems do not have the interpreter.
   */
  public boolean worksInContainers() {
    return flags.contains("F");
  }

  @Override
  public String toString() {
    return name + " (" + interpreter + ", flags " + (flags.isEmpty() ? "none" : flags) + (enabled ? "" : ", disabled") + ")";
  }

  private static byte[] hex(String text) {
    String clean = text.replaceAll("[^0-9a-fA-F]", "");
    return clean.length() % 2 == 0 ? HexFormat.of().parseHex(clean) : new byte[0];
  }
}
