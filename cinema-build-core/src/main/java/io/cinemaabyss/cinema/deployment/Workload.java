package io.cinemaabyss.cinema.deployment;

import java.util.List;

/**
 * A Kubernetes object that runs pods (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet,
 * ReplicationController, Job, CronJob), with the images of its pod template.
 *
 * @param origin the file and document it was read from, such as {@code k8s/app.yaml#2}
 * @param namespace {@code metadata.namespace}, {@code default} when unset
 * @param placement what its pod spec says about the nodes' os and architecture
 * @param pullSecrets the names of its {@code imagePullSecrets}
 */
public record Workload(
    String origin, String kind, String namespace, String name, List<ContainerImage> images, Placement placement,
    List<String> pullSecrets) {

  public Workload {
    images = List.copyOf(images);
    pullSecrets = List.copyOf(pullSecrets);
  }

  /** {@code Deployment default/movies}. */
  public String shown() {
    return kind + " " + namespace + "/" + name;
  }
}
