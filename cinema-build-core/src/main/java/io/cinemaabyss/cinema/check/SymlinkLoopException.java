package io.cinemaabyss.cinema.check;

import io.cinemaabyss.cinema.oci.InvalidContentException;
/** Resolving a path in the image followed more symlinks than a kernel would (a loop). */
public final class SymlinkLoopException extends InvalidContentException {

  public SymlinkLoopException(String at, String resolving, int limit) {
    super(
        "symlink loop at " + at + " while resolving " + resolving + ": more than " + limit
            + " symlinks followed. Fix the links in the image so that the path reaches a file.");
  }
}
