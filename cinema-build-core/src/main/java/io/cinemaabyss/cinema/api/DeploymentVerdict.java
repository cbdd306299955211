package io.cinemaabyss.cinema.api;

import io.cinemaabyss.cinema.deployment.DeploymentPins;
import io.cinemaabyss.cinema.deployment.DeploymentReport;
import io.cinemaabyss.cinema.deployment.KubernetesManifests;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The outcome of {@link CheckDeployment}: a table per workload, each image's verdict, the digests checked. */
public final class DeploymentVerdict {

  private final KubernetesManifests manifests;
  private final DeploymentReport report;

  DeploymentVerdict(KubernetesManifests manifests, DeploymentReport report) {
    this.manifests = manifests;
    this.report = report;
  }

  /** Whether every image of every workload runs on the nodes its pods may land on. */
  public boolean ok() {
    return report.ok();
  }

  /** How many images would not run. */
  public long failures() {
    return report.failures();
  }

  /** The checked digest of each image reference. */
  public Map<String, String> digests() {
    return report.digests();
  }

  /** The table a person reads, a block per workload. */
  public String table() {
    return report.table();
  }

  /** Whether a line of {@link #table()} names a problem or its fix (to show it as a warning). */
  public static boolean isProblemLine(String line) {
    return line.contains("PROBLEM ") || line.contains("fix: ") || line.startsWith("  FAILED") || line.startsWith("  UNREAD");
  }

  public Path writeReport(Path file) {
    return Reports.write(report.toJson(), file);
  }

  /**
   * Writes the manifests with every image pinned to the digest checked, and image-digests.yaml (image
   * to digest, for Helm values), into {@code directory}; returns the files written.
   */
  public List<Path> pin(Path directory) {
    return DeploymentPins.write(manifests, report, directory);
  }
}
