package io.cinemaabyss.cinema.deployment;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@link DeploymentCheck} found: per workload, each image with its digest, the platforms its
 * pods need and those it has, the verdict and the fix. {@link #table()} and {@link #toJson()} carry
 * the same facts.
 *
 * @param nodeSources where the node platforms came from
 * @param nodePlatforms the platforms of the cluster's nodes
 */
public record DeploymentReport(List<String> nodeSources, List<String> nodePlatforms, List<WorkloadCheck> workloads) {

  public DeploymentReport {
    nodeSources = List.copyOf(nodeSources);
    nodePlatforms = List.copyOf(nodePlatforms);
    workloads = List.copyOf(workloads);
  }

  public boolean ok() {
    return workloads.stream().allMatch(WorkloadCheck::ok);
  }

  /** The images that failed, counted once per workload and container. */
  public long failures() {
    return workloads.stream().flatMap(w -> w.images().stream()).filter(i -> !i.ok()).count();
  }

  /** Each image reference with the digest it resolved to, for the images that could be read. */
  public Map<String, String> digests() {
    Map<String, String> out = new LinkedHashMap<>();
    for (WorkloadCheck w : workloads) {
      for (ImageCheck i : w.images()) {
        if (!i.digest().isEmpty()) {
          out.putIfAbsent(i.container().image(), i.digest());
        }
      }
    }
    return out;
  }

  public String table() {
    String nl = System.lineSeparator();
    StringBuilder out = new StringBuilder();
    out.append("Nodes: ").append(String.join(", ", nodePlatforms)).append(" (").append(String.join("; ", nodeSources)).append(')').append(nl);
    for (WorkloadCheck w : workloads) {
      out.append(w.workload().shown()).append(" (").append(w.workload().origin()).append(')');
      if (!w.workload().placement().isAny()) {
        out.append(", ").append(w.workload().placement().describe());
      }
      out.append(nl);
      for (ImageCheck i : w.images()) {
        out.append(String.format(Locale.ROOT, "  %-7s %s %s%n", verdict(i), i.container().shown(), i.container().image()));
        out.append("          digest ").append(i.digest().isEmpty() ? "-" : i.digest())
            .append(", needs ").append(i.needed().isEmpty() ? "-" : String.join(",", i.needed()))
            .append(", has ").append(i.present().isEmpty() ? "-" : String.join(",", i.present())).append(nl);
        for (String problem : i.problems()) {
          out.append("          PROBLEM ").append(problem).append(nl);
        }
        if (!i.fix().isEmpty()) {
          out.append("          fix: ").append(i.fix()).append(nl);
        }
      }
    }
    long images = workloads.stream().mapToLong(w -> w.images().size()).sum();
    out.append(workloads.size()).append(workloads.size() == 1 ? " workload, " : " workloads, ").append(images)
        .append(images == 1 ? " image: " : " images: ")
        .append(ok() ? "all run on their nodes" : failures() + " would fail").append(nl);
    return out.toString();
  }

  private static String verdict(ImageCheck i) {
    return switch (i.outcome()) {
      case OK -> "ok";
      case FAILED -> "FAILED";
      case UNREADABLE -> "UNREAD";
    };
  }

  public ObjectNode toJson() {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("ok", ok());
    ArrayNode nodes = root.putArray("nodePlatforms");
    nodePlatforms.forEach(nodes::add);
    ArrayNode sources = root.putArray("nodeSources");
    nodeSources.forEach(sources::add);
    ArrayNode list = root.putArray("workloads");
    for (WorkloadCheck w : workloads) {
      ObjectNode node = list.addObject();
      node.put("kind", w.workload().kind());
      node.put("namespace", w.workload().namespace());
      node.put("name", w.workload().name());
      node.put("origin", w.workload().origin());
      node.put("placement", w.workload().placement().describe());
      node.put("ok", w.ok());
      ArrayNode images = node.putArray("images");
      for (ImageCheck i : w.images()) {
        ObjectNode image = images.addObject();
        image.put("container", i.container().container());
        image.put("role", i.container().role().field());
        image.put("image", i.container().image());
        image.put("digest", i.digest());
        ArrayNode needed = image.putArray("needed");
        i.needed().forEach(needed::add);
        ArrayNode present = image.putArray("present");
        i.present().forEach(present::add);
        image.put("verdict", i.outcome().name().toLowerCase(Locale.ROOT));
        ArrayNode problems = image.putArray("problems");
        i.problems().forEach(problems::add);
        image.put("fix", i.fix());
      }
    }
    return root;
  }
}
