package io.cinemaabyss.cinema.deployment;

import io.cinemaabyss.cinema.SearchPath;
import io.cinemaabyss.cinema.check.ClusterNodes;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The cluster of kubectl's current context, when kubectl is installed. */
public final class Kubectl {

  private Kubectl() {}

  /** The nodes of the current context ({@code kubectl get nodes -o json}); empty when kubectl is not on the PATH. */
  public static Optional<ClusterNodes> currentContextNodes(Map<String, String> environment, Duration timeout) {
    return SearchPath.of(environment).find("kubectl")
        .map(kubectl -> ClusterNodes.fromCommand("'" + kubectl.toString().replace("'", "'\\''") + "' get nodes -o json", timeout));
  }
}
