package io.cinemaabyss.cinema.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The access log of a registry from a point on: the log is appended forever and shared, so a test
 * marks its size before an action and reads only what came after, for its own repository.
 */
public final class RegistryLog {

  /** A finished blob upload. */
  public static final Pattern BLOB_UPLOADED = Pattern.compile("\"PUT /v2/[^ ]*/blobs/uploads/[^ ]* HTTP/1.1\" 201");

  /** A blob mounted from another repository. */
  public static final Pattern BLOB_MOUNTED = Pattern.compile("\"POST /v2/[^ ]*/blobs/uploads/\\?[^ ]*mount=[^ ]* HTTP/1.1\" 201");

  private final Path file;
  private final long start;

  private RegistryLog(Path file, long start) {
    this.file = file;
    this.start = start;
  }

  /** Marks the current end of {@code file}. */
  public static RegistryLog mark(Path file) {
    try {
      return new RegistryLog(file, Files.exists(file) ? Files.size(file) : 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The lines written since the mark. */
  public List<String> lines() {
    try (InputStream in = Files.newInputStream(file)) {
      in.skipNBytes(start);
      return List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Lines since the mark about {@code repository} ({@code /v2/<repository>/...}) that match {@code pattern}. */
  public List<String> lines(String repository, Pattern pattern) {
    return lines().stream()
        .filter(l -> l.contains("/v2/" + repository + "/"))
        .filter(l -> pattern.matcher(l).find())
        .toList();
  }
}
