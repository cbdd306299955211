package io.cinemaabyss.cinema.api;

import io.cinemaabyss.cinema.BuildLog;
import io.cinemaabyss.cinema.deployment.DeploymentCheck;
import io.cinemaabyss.cinema.deployment.KubernetesManifests;
import io.cinemaabyss.cinema.oci.Platform;
import io.cinemaabyss.cinema.remote.RegistryAccess;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A check of what a deployment will run; see {@link Cinema#checkDeployment}. */
public final class CheckDeployment {

  private final List<String> manifests;
  private final Path base;
  private final InputStream stdin;
  private Optional<Path> nodesFile = Optional.empty();
  private Optional<String> nodesCommand = Optional.empty();
  private List<Platform> nodePlatforms = List.of();
  private Map<String, String> environment = System.getenv();
  private Credentials credentials = Credentials.standard();
  private Connection connection = Connection.defaults();
  private BuildLog log = BuildLog.NONE;

  CheckDeployment(List<String> manifests, Path base, InputStream stdin) {
    this.manifests = List.copyOf(manifests);
    this.base = base;
    this.stdin = stdin;
  }

  /** The nodes as {@code kubectl get nodes -o json} wrote them to {@code file}. */
  public CheckDeployment nodesFile(Path file) {
    this.nodesFile = Optional.ofNullable(file);
    return this;
  }

  /** A command (run with sh -c) printing {@code kubectl get nodes -o json}; blank means none. */
  public CheckDeployment nodesCommand(String command) {
    this.nodesCommand = Optional.ofNullable(command).filter(c -> !c.isBlank());
    return this;
  }

  /** Node platforms by hand. With no nodes file, command or platforms, kubectl's current context is asked. */
  public CheckDeployment nodePlatforms(List<Platform> platforms) {
    this.nodePlatforms = List.copyOf(platforms);
    return this;
  }

  /** The environment kubectl runs in (and the standard credentials read). */
  public CheckDeployment environment(Map<String, String> value) {
    this.environment = Map.copyOf(value);
    return this;
  }

  /** The credentials for every image's registry; the manifests' pull secrets come first for the workloads that name them. */
  public CheckDeployment credentials(Credentials value) {
    this.credentials = value;
    return this;
  }

  public CheckDeployment connection(Connection value) {
    this.connection = value;
    return this;
  }

  public CheckDeployment log(BuildLog value) {
    this.log = value;
    return this;
  }

  /** Reads the manifests, resolves every image in its registry and checks it against the nodes. */
  public DeploymentVerdict run() {
    KubernetesManifests yaml = KubernetesManifests.fromArguments(manifests, base, stdin);
    RegistryAccess access = connection.access(log);
    DeploymentCheck check = DeploymentCheck.of(yaml).registryAccess(access).log(log)
        .credentials(reference -> credentials.forImage(RegistryAccess.parse(reference), access.log()));
    check.nodesFrom(nodesFile, nodesCommand, nodePlatforms, environment);
    return new DeploymentVerdict(yaml, check.check());
  }
}
