package io.cinemaabyss.cinema.assemble;

import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.oci.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A directory whose files go into the image, as Jib's {@code extraDirectories} and ko's
 * {@code kodata/}: {@code from} on this machine, {@code into} in the image, with the modes files and
 * directories get (octal, such as {@code 644}) and the fixed time of every layer entry.
 */
public record ExtraDirectory(Path from, String into, String fileMode, String directoryMode) {

  /** ko's convention: {@code kodata/} beside the main package goes here, named by KO_DATA_PATH. */
  public static final String KO_DATA_PATH = "/var/run/ko";

  public ExtraDirectory {
    if (!into.startsWith("/")) {
      throw new CinemaException("The extra directory " + from + " must go to an absolute path in the image, not '" + into + "'.");
    }
    for (String mode : List.of(fileMode, directoryMode)) {
      if (!mode.matches("[0-7]{3}")) {
        throw new CinemaException("'" + mode + "' is not a mode for the extra directory " + from + ": use three octal digits such as 644 or 755.");
      }
    }
  }

  public static ExtraDirectory of(Path from, String into) {
    return new ExtraDirectory(from, into, "644", "755");
  }

  /** One file or directory to put into the image. */
  public record Entry(Path source, String target, boolean directory, String mode) {}

  /**
   * Every file and directory under {@code from}, sorted, with its path in the image.
   *
   * @throws CinemaException when {@code from} is not a directory, or holds a symbolic link
   */
  public List<Entry> entries() {
    if (!Files.isDirectory(from)) {
      throw new CinemaException("The extra directory " + from.toAbsolutePath() + " does not exist: create it or remove it from extraDirectories.");
    }
    List<Entry> out = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path path : walk.sorted().toList()) {
        if (path.equals(from)) {
          continue;
        }
        String target = (into.endsWith("/") ? into : into + "/") + from.relativize(path).toString().replace('\\', '/');
        if (Files.isSymbolicLink(path)) {
          throw new CinemaException("The extra directory " + from + " holds a symbolic link, " + path
              + ": links are not copied; put the file itself there.");
        }
        boolean directory = Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
        out.add(new Entry(path, target, directory, directory ? directoryMode : fileMode));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the extra directory " + from, e);
    }
    return out;
  }

  /** One digest over the paths, modes and contents of {@code directories}, for the build record. */
  static String digest(List<ExtraDirectory> directories) {
    try {
      MessageDigest sha = Digest.sha256();
      for (ExtraDirectory dir : directories) {
        for (Entry e : dir.entries()) {
          sha.update((e.target() + " " + e.mode() + " " + (e.directory() ? "dir" : Digest.of(Files.readAllBytes(e.source())).toString()) + "\n")
              .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
      }
      return Digest.of(sha).toString();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read an extra directory", e);
    }
  }
}
