package io.cinemaabyss.cinema.remote;

import io.cinemaabyss.cinema.oci.Descriptor;
import io.cinemaabyss.cinema.oci.Digest;
import io.cinemaabyss.cinema.oci.Index;
import io.cinemaabyss.cinema.oci.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The OCI 1.1 referrers tag schema, for registries without the referrers API (distribution 2.8):
 * the tag {@code sha256-<hex of the subject>} holds an OCI index of the referrers' descriptors.
 */
public final class ReferrersTag {

  private ReferrersTag() {}

  /** {@code sha256-<hex>} for the subject {@code sha256:<hex>}. */
  public static String of(Digest subject) {
    return subject.algorithm() + "-" + subject.hex();
  }

  /**
   * The referrers index with {@code added} in it: what {@code existing} lists (other tools'
   * referrers are kept, in their order), with an entry of the same digest replaced.
   *
   * @return empty when {@code existing} already lists {@code added} exactly: nothing to push
   */
  public static Optional<Index> merged(Optional<Index> existing, Descriptor added) {
    return merged(existing, List.of(added));
  }

  /**
   * The referrers index with every one of {@code added} in it, as {@link #merged(Optional, Descriptor)}
   * adds one.
   *
   * @return empty when {@code existing} already lists each of {@code added} exactly
   */
  public static Optional<Index> merged(Optional<Index> existing, List<Descriptor> added) {
    Optional<Index> current = existing;
    boolean changed = false;
    for (Descriptor one : added) {
      Optional<Index> next = mergedOne(current, one);
      if (next.isPresent()) {
        current = next;
        changed = true;
      }
    }
    return changed ? current : Optional.empty();
  }

  private static Optional<Index> mergedOne(Optional<Index> existing, Descriptor added) {
    List<Descriptor> entries = new ArrayList<>(existing.map(Index::manifests).orElse(List.of()));
    for (int i = 0; i < entries.size(); i++) {
      if (entries.get(i).digest().equals(added.digest())) {
        if (entries.get(i).equals(added)) {
          return Optional.empty();
        }
        entries.set(i, added);
        return Optional.of(Index.of(MediaType.OCI_INDEX, entries, existing.get().annotations()));
      }
    }
    entries.add(added);
    return Optional.of(Index.of(MediaType.OCI_INDEX, entries, existing.map(Index::annotations).orElse(Map.of())));
  }
}
