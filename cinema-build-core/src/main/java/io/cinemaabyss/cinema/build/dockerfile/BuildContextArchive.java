package io.cinemaabyss.cinema.build.dockerfile;

import io.cinemaabyss.cinema.CinemaException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The build context as the Docker Engine API wants it: a tar of the context directory less what
 * {@code .dockerignore} excludes, plus a generated Dockerfile under its own name that the daemon
 * reads and then drops from the context (it is listed in the {@code .dockerignore} sent along).
 */
public final class BuildContextArchive {

  private BuildContextArchive() {}

  /**
   * Writes the context of {@code contextDir} to {@code tarFile} with {@code dockerfileText} as
   * {@code dockerfileName} at the top.
   *
   * @return the number of context files written
   */
  public static int write(Path contextDir, Path tarFile, String dockerfileName, String dockerfileText) {
    if (!Files.isDirectory(contextDir)) {
      throw new CinemaException("Build context " + contextDir + " is not a directory: set cinema.context to the directory your Dockerfile COPYs from.");
    }
    DockerIgnore ignore = DockerIgnore.read(contextDir);
    List<Path> paths = new ArrayList<>();
    boolean reincludes = ignore.rules().stream().anyMatch(DockerIgnore.Rule::exception);
    try {
      Files.walkFileTree(
          contextDir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              if (!dir.equals(contextDir)) {
                paths.add(dir);
                // Skip an excluded directory's files unless a '!' rule could bring some back.
                if (!reincludes && ignore.excludes(relative(contextDir, dir))) {
                  return FileVisitResult.SKIP_SUBTREE;
                }
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              paths.add(file);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the build context " + contextDir, e);
    }
    paths.sort(null);
    int files = 0;
    try (OutputStream out = Files.newOutputStream(tarFile);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      for (Path path : paths) {
        String name = relative(contextDir, path);
        if (name.equals(".dockerignore") || ignore.excludes(name)) {
          continue;
        }
        if (Files.isSymbolicLink(path)) {
          TarArchiveEntry entry = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
          entry.setLinkName(Files.readSymbolicLink(path).toString());
          entry.setModTime(Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS).toMillis());
          owned(entry);
          tar.putArchiveEntry(entry);
          tar.closeArchiveEntry();
        } else if (Files.isDirectory(path)) {
          TarArchiveEntry entry = new TarArchiveEntry(name + "/");
          entry.setMode(040000 | mode(path));
          entry.setModTime(Files.getLastModifiedTime(path).toMillis());
          owned(entry);
          tar.putArchiveEntry(entry);
          tar.closeArchiveEntry();
        } else if (Files.isRegularFile(path)) {
          TarArchiveEntry entry = new TarArchiveEntry(path.toFile(), name);
          entry.setMode(0100000 | mode(path));
          owned(entry);
          tar.putArchiveEntry(entry);
          copyListedSize(path, entry.getSize(), tar);
          tar.closeArchiveEntry();
          files++;
        }
      }
      // The original .dockerignore plus the generated Dockerfile's name: the daemon removes what it lists.
      Path original = contextDir.resolve(".dockerignore");
      String ignoreText =
          (Files.isRegularFile(original) ? Files.readString(original, StandardCharsets.UTF_8) + "\n" : ".dockerignore\n")
              + dockerfileName + "\n";
      add(tar, ".dockerignore", ignoreText.getBytes(StandardCharsets.UTF_8));
      add(tar, dockerfileName, dockerfileText.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the build context archive " + tarFile, e);
    }
    return files;
  }

  private static String relative(Path context, Path path) {
    return context.relativize(path).toString().replace('\\', '/');
  }

  private static void add(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(content.length);
    entry.setMode(0100644);
    entry.setModTime(0);
    owned(entry);
    tar.putArchiveEntry(entry);
    tar.write(content);
    tar.closeArchiveEntry();
  }

  private static void owned(TarArchiveEntry entry) {
    entry.setUserId(0);
    entry.setGroupId(0);
    entry.setUserName("");
    entry.setGroupName("");
  }

  private static int mode(Path path) throws IOException {
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
      int mode = 0;
      for (PosixFilePermission p : perms) {
        mode |= switch (p) {
          case OWNER_READ -> 0400;
          case OWNER_WRITE -> 0200;
          case OWNER_EXECUTE -> 0100;
          case GROUP_READ -> 040;
          case GROUP_WRITE -> 020;
          case GROUP_EXECUTE -> 010;
          case OTHERS_READ -> 04;
          case OTHERS_WRITE -> 02;
          case OTHERS_EXECUTE -> 01;
        };
      }
      return mode;
    } catch (UnsupportedOperationException e) {
      return Files.isDirectory(path) ? 0755 : 0644;
    }
  }

  /**
   * Copies the {@code size} bytes the file had when it was listed: a file that grows meanwhile (a log
   * being written in the context) is sent as it was then, as docker does; one that shrinks is an error.
   */
  private static void copyListedSize(Path path, long size, OutputStream out) throws IOException {
    try (java.io.InputStream in = Files.newInputStream(path)) {
      byte[] buffer = new byte[65536];
      long left = size;
      while (left > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          throw new IOException(path + " shrank from " + size + " bytes while the build context was archived; do not change files in the context during a build");
        }
        out.write(buffer, 0, n);
        left -= n;
      }
    }
  }
}
