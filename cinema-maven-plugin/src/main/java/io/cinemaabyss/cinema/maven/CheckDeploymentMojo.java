package io.cinemaabyss.cinema.maven;

import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.deployment.DeploymentCheck;
import io.cinemaabyss.cinema.deployment.DeploymentPins;
import io.cinemaabyss.cinema.deployment.DeploymentReport;
import io.cinemaabyss.cinema.deployment.Kubectl;
import io.cinemaabyss.cinema.deployment.KubernetesManifests;
import io.cinemaabyss.cinema.inspect.ClusterNodes;
import io.cinemaabyss.cinema.oci.Platform;
import io.cinemaabyss.cinema.registry.RegistryAccess;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Checks what will be deployed: reads Kubernetes YAML (files, directories, or {@code -} for the
 * output of {@code helm template} / {@code kubectl kustomize} on standard input), finds every image
 * of every Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job and CronJob (init and ephemeral
 * containers too), and checks in its registry that it runs on the nodes its pods may land on: a
 * manifest for each node platform (narrowed by the pod's nodeSelector and node affinity on
 * kubernetes.io/arch and kubernetes.io/os), whose config and entrypoint binary are of that platform.
 * Fails the build when any image would not run, with a table per workload and the fix. Needs no
 * project.
 */
@Mojo(name = "check-deployment", requiresProject = false, threadSafe = true)
public class CheckDeploymentMojo extends AbstractCinemaMojo {

  /** The Kubernetes YAML: files and directories, comma-separated as a property, or {@code -} for standard input. */
  @Parameter(property = "cinema.manifests")
  List<String> manifests;

  /** A file with the output of {@code kubectl get nodes -o json}. */
  @Parameter(property = "cinema.nodesFile")
  File nodesFile;

  /** A command printing {@code kubectl get nodes -o json}, run with sh -c, such as {@code kubectl --context prod get nodes -o json}. */
  @Parameter(property = "cinema.nodesCommand")
  String nodesCommand;

  /**
   * The node platforms by hand, such as {@code linux/amd64,linux/arm64}, instead of a cluster's
   * nodes. With none of nodesFile, nodesCommand and nodePlatforms, kubectl's current context is
   * asked when kubectl is installed.
   */
  @Parameter(property = "cinema.nodePlatforms")
  List<String> nodePlatforms;

  /**
   * Also write the manifests with every image pinned to {@code name@sha256:...} (the digest checked),
   * and image-digests.yaml (image to digest, for Helm values), into {@code pinDirectory}.
   */
  @Parameter(property = "cinema.pin", defaultValue = "false")
  boolean pin;

  /** Where pinned manifests go. */
  @Parameter(property = "cinema.pinDirectory", defaultValue = "${project.build.directory}/cinema/pinned")
  File pinDirectory;

  /** Where to write the report as JSON; by default target/cinema/check-deployment.json in a project, none outside one. */
  @Parameter(property = "cinema.reportFile")
  File reportFile;

  /** Skips this goal. */
  @Parameter(property = "cinema.skipCheckDeployment", defaultValue = "false")
  boolean skipCheckDeployment;

  @Override
  protected boolean skipGoal() {
    return skipCheckDeployment;
  }

  @Override
  protected String goalName() {
    return "check-deployment";
  }

  @Override
  protected void run() throws MojoExecutionException, MojoFailureException {
    KubernetesManifests yaml = readManifests();
    DeploymentCheck check = DeploymentCheck.of(yaml).registryAccess(registryAccess()).log(buildLog())
        .credentials(reference -> credentialsFor(RegistryAccess.parse(reference)));
    if (nodesFile != null) {
      check.nodes(ClusterNodes.fromFile(nodesFile.toPath()));
    }
    if (nodesCommand != null && !nodesCommand.isBlank()) {
      check.nodes(ClusterNodes.fromCommand(nodesCommand, Duration.ofSeconds(120)));
    }
    List<String> platforms = nonBlank(nodePlatforms);
    if (!platforms.isEmpty()) {
      check.nodePlatforms(Platform.parseAll(platforms), "cinema.nodePlatforms");
    }
    if (nodesFile == null && (nodesCommand == null || nodesCommand.isBlank()) && platforms.isEmpty()) {
      check.nodes(Kubectl.currentContextNodes(environment(), Duration.ofSeconds(120)).orElseThrow(() -> new CinemaException(
          "No node platforms: give -Dcinema.nodesFile=FILE (kubectl get nodes -o json), -Dcinema.nodesCommand=CMD,"
              + " or -Dcinema.nodePlatforms=linux/amd64,linux/arm64 (kubectl is not on the PATH to ask the current context).")));
    }
    DeploymentReport report = check.check();
    report.table().lines().forEach(line -> {
      if (line.contains("PROBLEM ") || line.contains("fix: ") || line.startsWith("  FAILED") || line.startsWith("  UNREAD")) {
        getLog().warn(line);
      } else {
        getLog().info(line);
      }
    });
    writeReport(report.toJson(), reportFile, "check-deployment.json");
    if (!report.ok()) {
      throw new MojoFailureException(report.failures() + " image(s) of the deployment would not run on their nodes; see the table above.");
    }
    if (pin) {
      for (Path file : DeploymentPins.write(yaml, report, pinDirectory.toPath())) {
        getLog().info("Pinned: " + file);
      }
    }
  }

  private KubernetesManifests readManifests() throws MojoExecutionException {
    List<String> given = nonBlank(manifests);
    if (given.isEmpty()) {
      throw new CinemaException("No Kubernetes manifests: set -Dcinema.manifests=k8s/ (files or directories, comma-separated) or - for standard input.");
    }
    if (given.equals(List.of("-"))) {
      try {
        return KubernetesManifests.read("standard input", new String(System.in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new MojoExecutionException("Cannot read the manifests from standard input", e);
      }
    }
    if (given.contains("-")) {
      throw new CinemaException("cinema.manifests: '-' (standard input) cannot be mixed with files: " + given + ".");
    }
    File base = inProject() ? project.getBasedir() : new File("").getAbsoluteFile();
    return KubernetesManifests.read(given.stream().map(p -> base.toPath().resolve(p)).toList());
  }
}
