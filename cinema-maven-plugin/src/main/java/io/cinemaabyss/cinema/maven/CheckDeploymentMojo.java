package io.cinemaabyss.cinema.maven;

import io.cinemaabyss.cinema.api.Cinema;
import io.cinemaabyss.cinema.api.DeploymentVerdict;
import java.io.File;
import java.nio.file.Path;
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

  /** A file with the output of {@code kubectl get nodes -o json}: every node's os/architecture is a platform to run on. */
  @Parameter(property = "cinema.nodesFile")
  File nodesFile;

  /** A command printing {@code kubectl get nodes -o json}, such as {@code kubectl --context prod get nodes -o json}; run with sh -c. */
  @Parameter(property = "cinema.nodesCommand")
  String nodesCommand;

  /** Node platforms by hand, such as {@code linux/amd64,linux/arm64}. With no nodes file, command or platforms, kubectl's current context is asked. */
  @Parameter(property = "cinema.nodePlatforms")
  List<String> nodePlatforms;

  /** Also write into pinDirectory the manifests with each image pinned to {@code name@sha256:...} (the digest checked), and image-digests.yaml for Helm values. */
  @Parameter(property = "cinema.pin", defaultValue = "false")
  boolean pin;

  /** Where pinned manifests go. */
  @Parameter(property = "cinema.pinDirectory", defaultValue = "${project.build.directory}/cinema/pinned")
  File pinDirectory;

  /** Where to write the report as JSON; by default target/cinema/check-deployment.json in a project, none outside one. */
  @Parameter(property = "cinema.reportFile")
  File reportFile;

  /** Skips this goal only ({@code cinema.skip} skips every goal); the old property {@code cinema.skipCheckDeployment} still works. */
  @Parameter(property = "cinema.check-deployment.skip", defaultValue = "false")
  boolean skipCheckDeployment;

  @Override
  protected boolean skipGoal() {
    return skipCheckDeployment;
  }


  @Override
  protected void run() throws MojoExecutionException, MojoFailureException {
    File base = inProject() ? project.getBasedir() : new File("").getAbsoluteFile();
    DeploymentVerdict verdict = Cinema.checkDeployment(nonBlank(manifests), base.toPath(), System.in)
        .nodesFile(nodesFile == null ? null : nodesFile.toPath()).nodesCommand(nodesCommand).nodePlatforms(platformsOf(nodePlatforms))
        .environment(environment()).credentials(credentials()).connection(connection()).log(buildLog()).run();
    verdict.table().lines().forEach(line -> {
      if (DeploymentVerdict.isProblemLine(line)) {
        getLog().warn(line);
      } else {
        getLog().info(line);
      }
    });
    writeReport(verdict::writeReport, reportFile, "check-deployment.json");
    if (!verdict.ok()) {
      throw new MojoFailureException(verdict.failures() + " image(s) of the deployment would not run on their nodes; see the table above.");
    }
    if (pin) {
      for (Path file : verdict.pin(pinDirectory.toPath())) {
        getLog().info("Pinned: " + file);
      }
    }
  }
}
