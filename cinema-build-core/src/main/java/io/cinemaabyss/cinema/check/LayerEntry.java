package io.cinemaabyss.cinema.check;

/**
 * One entry of a layer's tar as the file system model needs it: the name as written, what kind
 * of file it is, its mode, the link target of a symlink or hardlink, and the first bytes of a
 * regular file (enough for an ELF header or a {@code #!} line). Never the whole content.
 */
public record LayerEntry(String name, Kind kind, int mode, String linkName, byte[] head, long size) {

  /** Bytes kept from the start of each regular file. */
  public static final int HEAD_BYTES = 128;

  /** Bytes kept from the start of an ELF file: enough for its program headers and PT_INTERP. */
  public static final int ELF_HEAD_BYTES = 4096;

  public enum Kind {
    DIRECTORY,
    FILE,
    SYMLINK,
    HARDLINK,
    OTHER
  }

  public LayerEntry {
    linkName = linkName == null ? "" : linkName;
    head = head == null ? new byte[0] : head;
  }

  public static LayerEntry directory(String name) {
    return new LayerEntry(name, Kind.DIRECTORY, 0755, "", null, 0);
  }

  public static LayerEntry file(String name, byte[] head) {
    return new LayerEntry(name, Kind.FILE, 0755, "", head, head.length);
  }

  public static LayerEntry symlink(String name, String target) {
    return new LayerEntry(name, Kind.SYMLINK, 0777, target, null, 0);
  }

  public static LayerEntry hardlink(String name, String target) {
    return new LayerEntry(name, Kind.HARDLINK, 0755, target, null, 0);
  }
}
