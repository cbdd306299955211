package io.cinemaabyss.cinema.remote;

import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.oci.Digest;
import io.cinemaabyss.cinema.oci.ImageContent;
import io.cinemaabyss.cinema.oci.Reference;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The tags a push sets and the checks on them, shared by the push and index goals. */
final class PushTargets {

  private PushTargets() {}

  /**
   * The target's own tag ({@code latest} when it has neither tag nor digest) followed by the extra
   * tags, without duplicates.
   */
  static List<String> tags(Reference target, List<String> extraTags) {
    Set<String> tags = new LinkedHashSet<>();
    if (target.tag().isPresent()) {
      tags.add(target.tag().get());
    } else if (target.digest().isEmpty()) {
      tags.add("latest");
    }
    for (String extra : extraTags == null ? List.<String>of() : extraTags) {
      if (extra == null || extra.isBlank()) {
        continue;
      }
      String tag = extra.trim();
      if (!Reference.isTag(tag)) {
        throw new CinemaException(
            "'" + tag + "' in cinema.tags is not a valid tag: up to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-'.");
      }
      tags.add(tag);
    }
    return new ArrayList<>(tags);
  }

  /** A target pinned by digest must name the index being pushed. */
  static void requireDigestMatches(Reference target, String indexDigest) {
    if (target.digest().isPresent() && !target.digest().get().toString().equals(indexDigest)) {
      throw new CinemaException(
          "The target " + target.familiarString() + " names the digest " + target.digest().get() + ", but the index to push is "
              + indexDigest + ". Drop the digest from cinema.image, or give the one being pushed.");
    }
  }

  /** What the first tag names now (an auth check before anything is uploaded, and a log line after). */
  static Optional<Digest> currentDigest(RegistryHttp http, List<String> tags) {
    if (tags.isEmpty()) {
      return Optional.empty();
    }
    try {
      return http.manifest(tags.get(0)).map(ImageContent::digest);
    } catch (io.cinemaabyss.cinema.oci.InvalidContentException e) {
      // the tag names something this tool cannot read (a schema 1 manifest): it is replaced all the same
      return Optional.empty();
    }
  }
}
