package io.cinemaabyss.cinema.attest;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a Go binary says about how it was built, as {@code go version -m} prints it: the Go version,
 * the main package and module, every dependency module with version, sum and replacement, and the
 * build settings. Read from the binary's bytes (its {@code .go.buildinfo} section), so a binary
 * inside an image layer can be read on any machine, without Go.
 */
public record GoBuildInfo(String goVersion, String path, Module main, List<Module> deps, Map<String, String> settings) {

  public GoBuildInfo {
    deps = List.copyOf(deps);
    settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
  }

  /** A module as the binary records it; {@code replacement} is what {@code =>} names. */
  public record Module(String path, String version, String sum, Optional<Module> replacement) {

    /** The version that was built: the replacement's when there is one. */
    public String effectiveVersion() {
      return replacement.map(Module::version).orElse(version);
    }
  }

  private static final byte[] MAGIC = "\u00ff Go buildinf:".getBytes(StandardCharsets.ISO_8859_1);
  private static final int ALIGN = 16;
  private static final int SENTINEL = 16;

  /**
   * Reads the build information of an ELF binary; empty when the bytes are not a Go binary.
   *
   * @throws IllegalArgumentException for a Go binary whose build information this reader does not
   *     know (Go before 1.18 stored it behind pointers; rebuild with Go 1.18 or newer)
   */
  public static Optional<GoBuildInfo> read(byte[] binary) {
    int at = find(binary);
    if (at < 0) {
      return Optional.empty();
    }
    int flags = binary[at + 15] & 0xff;
    if ((flags & 0x2) == 0) {
      throw new IllegalArgumentException(
          "the Go binary stores its build information the way Go before 1.18 did; rebuild it with Go 1.18 or newer");
    }
    int[] pos = {at + 32};
    String version = varString(binary, pos);
    String modinfo = varString(binary, pos);
    if (modinfo.length() >= 2 * SENTINEL + 1 && modinfo.charAt(modinfo.length() - SENTINEL - 1) == '\n') {
      modinfo = modinfo.substring(SENTINEL, modinfo.length() - SENTINEL);
    } else {
      modinfo = "";
    }
    return Optional.of(parse(version, modinfo));
  }

  /** Parses the module text ({@code path}, {@code mod}, {@code dep}, {@code =>}, {@code build} lines). */
  static GoBuildInfo parse(String goVersion, String modinfo) {
    String path = "";
    Module main = null;
    List<Module> deps = new ArrayList<>();
    Map<String, String> settings = new LinkedHashMap<>();
    for (String line : modinfo.split("\n")) {
      String[] f = line.split("\t", -1);
      switch (f[0]) {
        case "path" -> path = field(f, 1);
        case "mod" -> main = module(f);
        case "dep" -> deps.add(module(f));
        case "=>" -> {
          Module replacement = module(f);
          if (!deps.isEmpty()) {
            Module last = deps.remove(deps.size() - 1);
            deps.add(new Module(last.path(), last.version(), last.sum(), Optional.of(replacement)));
          } else if (main != null) {
            main = new Module(main.path(), main.version(), main.sum(), Optional.of(replacement));
          }
        }
        case "build" -> {
          String kv = field(f, 1);
          int eq = kv.indexOf('=');
          if (eq > 0) {
            settings.put(kv.substring(0, eq), unquote(kv.substring(eq + 1)));
          }
        }
        default -> {}
      }
    }
    if (main == null) {
      main = new Module(path, "", "", Optional.empty());
    }
    return new GoBuildInfo(goVersion, path, main, deps, settings);
  }

  private static Module module(String[] f) {
    return new Module(field(f, 1), field(f, 2), field(f, 3), Optional.empty());
  }

  private static String field(String[] f, int i) {
    return i < f.length ? f[i] : "";
  }

  private static String unquote(String value) {
    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
      return value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
    }
    return value;
  }

  /** The offset of the build information header: the {@code .go.buildinfo} section, else an aligned search. */
  private static int find(byte[] b) {
    int section = section(b, ".go.buildinfo");
    if (section >= 0 && matches(b, section)) {
      return section;
    }
    for (int i = 0; i + 32 <= b.length; i += ALIGN) {
      if (matches(b, i)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean matches(byte[] b, int at) {
    if (at < 0 || at + 32 > b.length) {
      return false;
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (b[at + i] != MAGIC[i]) {
        return false;
      }
    }
    return true;
  }

  /** The file offset of an ELF section by name, or -1. */
  private static int section(byte[] b, String name) {
    if (b.length < 64 || b[0] != 0x7f || b[1] != 'E' || b[2] != 'L' || b[3] != 'F') {
      return -1;
    }
    boolean is64 = b[4] == 2;
    ByteBuffer buf = ByteBuffer.wrap(b).order(b[5] == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    try {
      long shoff = is64 ? buf.getLong(0x28) : Integer.toUnsignedLong(buf.getInt(0x20));
      int shentsize = Short.toUnsignedInt(buf.getShort(is64 ? 0x3A : 0x2E));
      int shnum = Short.toUnsignedInt(buf.getShort(is64 ? 0x3C : 0x30));
      int shstrndx = Short.toUnsignedInt(buf.getShort(is64 ? 0x3E : 0x32));
      if (shoff <= 0 || shnum == 0 || shstrndx >= shnum || shoff + (long) shnum * shentsize > b.length) {
        return -1;
      }
      long strtab = offset(buf, is64, shoff + (long) shstrndx * shentsize);
      for (int i = 0; i < shnum; i++) {
        long header = shoff + (long) i * shentsize;
        long nameAt = strtab + Integer.toUnsignedLong(buf.getInt((int) header));
        if (nameAt >= 0 && nameAt + name.length() < b.length
            && new String(b, (int) nameAt, name.length(), StandardCharsets.ISO_8859_1).equals(name)
            && b[(int) nameAt + name.length()] == 0) {
          long at = offset(buf, is64, header);
          return at < b.length ? (int) at : -1;
        }
      }
    } catch (IndexOutOfBoundsException e) {
      return -1;
    }
    return -1;
  }

  private static long offset(ByteBuffer buf, boolean is64, long header) {
    return is64 ? buf.getLong((int) header + 0x18) : Integer.toUnsignedLong(buf.getInt((int) header + 0x10));
  }

  private static String varString(byte[] b, int[] pos) {
    long n = 0;
    int shift = 0;
    while (true) {
      if (pos[0] >= b.length || shift > 35) {
        throw new IllegalArgumentException("the Go build information of the binary is cut short");
      }
      int v = b[pos[0]++] & 0xff;
      n |= (long) (v & 0x7f) << shift;
      if ((v & 0x80) == 0) {
        break;
      }
      shift += 7;
    }
    if (n > b.length - pos[0]) {
      throw new IllegalArgumentException("the Go build information of the binary is cut short");
    }
    String s = new String(b, pos[0], (int) n, StandardCharsets.UTF_8);
    pos[0] += (int) n;
    return s;
  }
}
