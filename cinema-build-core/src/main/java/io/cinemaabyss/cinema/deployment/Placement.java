package io.cinemaabyss.cinema.deployment;

import io.cinemaabyss.cinema.oci.Platform;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a pod spec says about the os and architecture of the nodes it may run on: its
 * {@code nodeSelector} and the terms of its required node affinity, on the well-known labels
 * {@code kubernetes.io/arch} and {@code kubernetes.io/os} (and their {@code beta.} forms). Other
 * labels are not known from a node's platform, so they narrow nothing here.
 *
 * @param nodeSelector the pod's nodeSelector entries on those labels
 * @param terms the required node affinity's nodeSelectorTerms (any one must hold), each a list of
 *     requirements (all must hold), on those labels; empty when the pod has none
 */
public record Placement(Map<String, String> nodeSelector, List<List<Requirement>> terms) {

  static final String ARCH = "kubernetes.io/arch";
  static final String OS = "kubernetes.io/os";
  private static final Set<String> KNOWN = Set.of(ARCH, OS, "beta." + ARCH, "beta." + OS);

  /** Anywhere. */
  public static final Placement ANY = new Placement(Map.of(), List.of());

  public Placement {
    nodeSelector = Map.copyOf(nodeSelector);
    terms = terms.stream().map(List::copyOf).toList();
  }

  /** One {@code matchExpressions} entry: {@code key operator values}. */
  public record Requirement(String key, String operator, List<String> values) {
    public Requirement {
      values = List.copyOf(values);
    }

    boolean holdsFor(Platform platform) {
      String label = label(key, platform);
      return switch (operator) {
        case "In" -> values.contains(label);
        case "NotIn" -> !values.contains(label);
        case "DoesNotExist" -> false;
        default -> true; // Exists; Gt and Lt do not apply to these labels
      };
    }

    @Override
    public String toString() {
      return key + " " + operator + (values.isEmpty() ? "" : " (" + String.join(", ", values) + ")");
    }
  }

  static boolean known(String key) {
    return KNOWN.contains(key);
  }

  private static String label(String key, Platform platform) {
    return key.endsWith(ARCH) ? platform.architecture() : platform.os();
  }

  /** Whether a node of {@code platform} may run the pod. */
  public boolean allows(Platform platform) {
    for (Map.Entry<String, String> e : nodeSelector.entrySet()) {
      if (!label(e.getKey(), platform).equals(e.getValue())) {
        return false;
      }
    }
    return terms.isEmpty() || terms.stream().anyMatch(term -> term.stream().allMatch(r -> r.holdsFor(platform)));
  }

  public boolean isAny() {
    return nodeSelector.isEmpty() && terms.isEmpty();
  }

  /** As a person reads it, for messages: {@code nodeSelector kubernetes.io/arch=arm64}. */
  public String describe() {
    List<String> parts = new ArrayList<>();
    if (!nodeSelector.isEmpty()) {
      parts.add("nodeSelector " + nodeSelector.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted()
          .collect(Collectors.joining(", ")));
    }
    if (!terms.isEmpty()) {
      parts.add("node affinity " + terms.stream().map(t -> t.stream().map(Requirement::toString).collect(Collectors.joining(" and ")))
          .collect(Collectors.joining(" or ")));
    }
    return parts.isEmpty() ? "no placement rule" : String.join("; ", parts);
  }
}
