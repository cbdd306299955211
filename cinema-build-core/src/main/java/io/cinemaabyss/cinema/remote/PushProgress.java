package io.cinemaabyss.cinema.remote;

import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.oci.Platform;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a push has put into the registry so far, step by step, so that a failure can say exactly
 * what is there and what is not. Thread-safe: blob uploads report from several threads.
 */
final class PushProgress {

  private final String target;
  private final Map<Platform, List<String>> plannedBlobs = new LinkedHashMap<>();
  private final Map<Platform, Set<String>> pushedBlobs = new LinkedHashMap<>();
  private final Set<Platform> pushedManifests = new LinkedHashSet<>();
  private final String indexDigest;
  private final List<String> plannedTags;
  private final List<String> movedTags = new ArrayList<>();
  private boolean indexPushed;

  /**
   * @param target the target repository, for the message
   * @param blobs every platform's blob digests, in push order
   */
  PushProgress(String target, Map<Platform, List<String>> blobs, String indexDigest, List<String> tags) {
    this.target = target;
    blobs.forEach(
        (platform, digests) -> {
          plannedBlobs.put(platform, List.copyOf(digests));
          pushedBlobs.put(platform, new LinkedHashSet<>());
        });
    this.indexDigest = indexDigest;
    this.plannedTags = List.copyOf(tags);
  }

  synchronized void blobPushed(Platform platform, String digest) {
    pushedBlobs.get(platform).add(digest);
  }

  synchronized void manifestPushed(Platform platform) {
    pushedManifests.add(platform);
  }

  synchronized void indexPushed() {
    indexPushed = true;
  }

  synchronized void tagMoved(String tag) {
    movedTags.add(tag);
  }

  synchronized List<String> movedTags() {
    return List.copyOf(movedTags);
  }

  /** The error for a failure during {@code step}: the cause, then what is in and what is not. */
  synchronized PushFailedException failed(String step, CinemaException cause) {
    return new PushFailedException(describeFailure(step, cause.getMessage()), cause);
  }

  synchronized String describeFailure(String step, String cause) {
    StringBuilder out = new StringBuilder();
    out.append("Push to ").append(target).append(" failed while ").append(step).append(": ").append(cause);
    List<String> in = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    plannedBlobs.forEach(
        (platform, planned) -> {
          Set<String> done = pushedBlobs.get(platform);
          List<String> notDone = planned.stream().filter(d -> !done.contains(d)).toList();
          if (planned.size() > notDone.size()) {
            // done may also hold the blobs of the platform's SBOMs and provenance, which are not planned here
            in.add(platform + " " + (notDone.isEmpty() ? "all " : "") + (planned.size() - notDone.size()) + " of " + planned.size() + " blobs");
          }
          if (!notDone.isEmpty()) {
            missing.add(
                platform + " " + notDone.size() + " of " + planned.size() + " blobs ("
                    + notDone.stream().map(BlobPush::shortDigest).collect(Collectors.joining(", ")) + ")");
          }
        });
    List<Platform> manifestsIn = List.copyOf(pushedManifests);
    List<Platform> manifestsMissing =
        plannedBlobs.keySet().stream().filter(p -> !pushedManifests.contains(p)).toList();
    if (!manifestsIn.isEmpty()) {
      in.add("the manifests of " + join(manifestsIn));
    }
    if (!manifestsMissing.isEmpty()) {
      missing.add("the manifests of " + join(manifestsMissing));
    }
    (indexPushed ? in : missing).add("the index " + indexDigest);
    List<String> tagsMissing = plannedTags.stream().filter(t -> !movedTags.contains(t)).toList();
    if (!movedTags.isEmpty()) {
      in.add("the tags " + quote(movedTags));
    }
    if (!tagsMissing.isEmpty()) {
      missing.add("the tags " + quote(tagsMissing));
    }
    out.append(System.lineSeparator()).append("In the registry now: ").append(in.isEmpty() ? "nothing of this push" : String.join("; ", in)).append('.');
    out.append(System.lineSeparator()).append("Not pushed: ").append(String.join("; ", missing)).append('.');
    out.append(System.lineSeparator());
    if (movedTags.isEmpty()) {
      out.append("No tag was moved: ")
          .append(quote(plannedTags))
          .append(plannedTags.size() == 1 ? " still names what it named before" : " still name what they named before")
          .append(" (tags move only once the index and all its children are in).");
    } else {
      out.append("Tags ").append(quote(movedTags)).append(" name the new index, whose children are all in; ")
          .append(tagsMissing.isEmpty() ? "" : quote(tagsMissing) + " still name what they named before.");
    }
    out.append(" Run the push again when the cause is fixed: what is already in the registry is skipped.");
    return out.toString();
  }

  private static String join(List<Platform> platforms) {
    return platforms.stream().map(Platform::toString).collect(Collectors.joining(", "));
  }

  private static String quote(List<String> tags) {
    return tags.stream().map(t -> "'" + t + "'").collect(Collectors.joining(", "));
  }
}
