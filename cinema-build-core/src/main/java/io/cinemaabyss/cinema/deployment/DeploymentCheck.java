package io.cinemaabyss.cinema.deployment;

import io.cinemaabyss.cinema.BuildLog;
import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.check.ClusterNodes;
import io.cinemaabyss.cinema.check.ImageInspector;
import io.cinemaabyss.cinema.check.ImageReport;
import io.cinemaabyss.cinema.check.PlatformReport;
import io.cinemaabyss.cinema.check.RequiredPlatform;
import io.cinemaabyss.cinema.check.Verdict;
import io.cinemaabyss.cinema.oci.Platform;
import io.cinemaabyss.cinema.remote.NamedCredentialSource;
import io.cinemaabyss.cinema.remote.RegistryAccess;
import io.cinemaabyss.cinema.remote.RegistryCredentials;
import io.cinemaabyss.cinema.remote.RegistryStore;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Checks that every image of a set of Kubernetes manifests runs on the nodes its pods may be
 * scheduled on: for each platform a pod needs (the cluster's nodes, narrowed by its nodeSelector and
 * node affinity), the image has a manifest for it, and that manifest's config and entrypoint binary
 * are of that platform (the checks of {@code inspect}). Each distinct image is read once (once per set
 * of pull secrets that workloads have for it), images in parallel; one that cannot be read fails on its own, and the others are still checked.
 *
 * <pre>{@code
 * DeploymentReport report = DeploymentCheck.of(KubernetesManifests.read(List.of(Path.of("k8s"))))
 *     .nodes(ClusterNodes.fromFile(Path.of("nodes.json")))
 *     .registryAccess(new RegistryAccess(false, event -> {}))
 *     .check();
 * System.out.print(report.table());
 * }</pre>
 */
public final class DeploymentCheck {

  /** Images read at once. */
  static final int PARALLELISM = 4;

  private final KubernetesManifests manifests;
  private final List<RequiredPlatform> nodes = new ArrayList<>();
  private RegistryAccess access = new RegistryAccess(false, event -> {});
  private Function<String, RegistryCredentials> credentials =
      reference -> RegistryCredentials.standard(RegistryAccess.parse(reference), List.of(), System.getenv(), event -> {});
  private BuildLog log = BuildLog.NONE;

  private DeploymentCheck(KubernetesManifests manifests) {
    this.manifests = manifests;
  }

  public static DeploymentCheck of(KubernetesManifests manifests) {
    return new DeploymentCheck(manifests);
  }

  /** The platforms of the cluster's nodes. */
  public DeploymentCheck nodes(ClusterNodes value) {
    nodes.addAll(value.requiredPlatforms());
    return this;
  }

  /** Node platforms given by hand; {@code reason} names where they come from in messages. */
  public DeploymentCheck nodePlatforms(List<Platform> platforms, String reason) {
    for (Platform platform : platforms) {
      nodes.add(new RequiredPlatform(platform, reason, platform.variant().isEmpty()));
    }
    return this;
  }

  /**
   * The node platforms from what the user gave: a {@code kubectl get nodes -o json} file, a command
   * printing it, platforms by hand (all that are given count); with none, kubectl's current context.
   */
  public DeploymentCheck nodesFrom(Optional<java.nio.file.Path> file, Optional<String> command, List<Platform> platforms,
      Map<String, String> environment) {
    file.ifPresent(f -> nodes(ClusterNodes.fromFile(f)));
    command.ifPresent(c -> nodes(ClusterNodes.fromCommand(c, KUBECTL_TIMEOUT)));
    nodePlatforms(platforms, "cinema.nodePlatforms");
    if (file.isEmpty() && command.isEmpty() && platforms.isEmpty()) {
      nodes(Kubectl.currentContextNodes(environment, KUBECTL_TIMEOUT).orElseThrow(() -> new CinemaException(
          "No node platforms: give -Dcinema.nodesFile=FILE (kubectl get nodes -o json), -Dcinema.nodesCommand=CMD,"
              + " or -Dcinema.nodePlatforms=linux/amd64,linux/arm64 (kubectl is not on the PATH to ask the current context).")));
    }
    return this;
  }

  private static final java.time.Duration KUBECTL_TIMEOUT = java.time.Duration.ofSeconds(120);

  public DeploymentCheck registryAccess(RegistryAccess value) {
    this.access = value;
    return this;
  }

  /**
   * The credentials for an image reference, without the manifests' pull secrets (those come first,
   * for the workloads that name them).
   */
  public DeploymentCheck credentials(Function<String, RegistryCredentials> value) {
    this.credentials = value;
    return this;
  }

  public DeploymentCheck log(BuildLog value) {
    this.log = value;
    return this;
  }

  public DeploymentReport check() {
    if (nodes.isEmpty()) {
      throw new CinemaException(
          "No node platforms to check against: give the cluster's nodes (kubectl get nodes -o json as a file, or a command) or a list of platforms.");
    }
    List<Workload> workloads = manifests.workloads();
    Map<String, Resolution> resolved = resolveAll(workloads);
    List<WorkloadCheck> checks = new ArrayList<>();
    for (Workload workload : workloads) {
      List<ImageCheck> images = new ArrayList<>();
      for (ContainerImage container : workload.images()) {
        images.add(check(workload, container, resolved.get(pull(workload, container).key())));
      }
      checks.add(new WorkloadCheck(workload, images));
    }
    return new DeploymentReport(nodes.stream().map(RequiredPlatform::reason).distinct().toList(),
        nodes.stream().map(RequiredPlatform::shown).distinct().toList(), checks);
  }

  /** What reading one image gave: its report, or why it could not be read. */
  record Resolution(Optional<ImageReport> report, String error) {}

  /** An image as one workload pulls it: the reference and the pull secrets the workload has for its registry. */
  private record Pull(String image, List<NamedCredentialSource> secrets) {
    Pull {
      secrets = List.copyOf(secrets);
    }

    /** Reads of the same image with the same secrets are one read. */
    String key() {
      return image + secrets.stream().map(NamedCredentialSource::name).map(n -> "\n" + n).collect(Collectors.joining());
    }
  }

  private Pull pull(Workload workload, ContainerImage container) {
    List<NamedCredentialSource> secrets =
        registryOf(container.image()).map(r -> manifests.pullSecrets().sourcesFor(workload, r)).orElse(List.of());
    return new Pull(container.image(), secrets);
  }

  private Map<String, Resolution> resolveAll(List<Workload> workloads) {
    Map<String, Pull> pulls = new LinkedHashMap<>();
    for (Workload workload : workloads) {
      for (ContainerImage container : workload.images()) {
        Pull pull = pull(workload, container);
        pulls.putIfAbsent(pull.key(), pull);
      }
    }
    Map<String, Resolution> out = new LinkedHashMap<>();
    if (pulls.isEmpty()) {
      return out;
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLELISM, pulls.size()));
    try {
      Map<String, Future<Resolution>> futures = new LinkedHashMap<>();
      pulls.forEach((key, pull) -> futures.put(key, pool.submit(() -> resolve(pull.image(), pull.secrets()))));
      for (Map.Entry<String, Future<Resolution>> e : futures.entrySet()) {
        try {
          out.put(e.getKey(), e.getValue().get());
        } catch (ExecutionException ex) {
          out.put(e.getKey(), new Resolution(Optional.empty(), String.valueOf(ex.getCause().getMessage())));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CinemaException("Interrupted while reading the deployment's images", e);
    } finally {
      pool.shutdownNow();
    }
    return out;
  }

  private static Optional<String> registryOf(String image) {
    try {
      return Optional.of(RegistryAccess.parse(image).host());
    } catch (CinemaException e) {
      return Optional.empty();
    }
  }

  private Resolution resolve(String image, List<NamedCredentialSource> secrets) {
    try {
      RegistryCredentials base = credentials.apply(image);
      List<NamedCredentialSource> chain = new ArrayList<>(secrets);
      chain.addAll(base.sources());
      log.info("Reading " + image);
      ImageReport report = ImageInspector.of(RegistryStore.of(image, access, RegistryCredentials.of(chain))).log(log).inspect();
      return new Resolution(Optional.of(report), "");
    } catch (CinemaException | UncheckedIOException e) {
      return new Resolution(Optional.empty(), e.getMessage());
    }
  }

  private ImageCheck check(Workload workload, ContainerImage container, Resolution resolution) {
    List<RequiredPlatform> needed = nodes.stream().filter(n -> workload.placement().allows(n.platform())).toList();
    List<String> neededText = needed.stream().map(RequiredPlatform::shown).distinct().toList();
    if (resolution.report().isEmpty()) {
      return new ImageCheck(container, "", neededText, List.of(), ImageCheck.Outcome.UNREADABLE, List.of(resolution.error()),
          "check the image reference and that its registry is reachable with the credentials it needs");
    }
    ImageReport report = resolution.report().get();
    List<String> present = report.platforms().stream().map(PlatformReport::platformText).distinct().toList();
    if (needed.isEmpty()) {
      return new ImageCheck(container, report.digest(), neededText, present, ImageCheck.Outcome.FAILED,
          List.of("no node of the cluster matches the pod's " + workload.placement().describe() + ": it would stay Pending"),
          "fix the pod's nodeSelector/affinity, or add nodes of the platform it asks for");
    }
    List<String> problems = new ArrayList<>();
    Set<String> missing = new LinkedHashSet<>();
    boolean wrongInside = false;
    for (RequiredPlatform platform : needed) {
      List<PlatformReport> serving = report.platforms().stream()
          .filter(p -> p.platform().filter(platform::satisfiedBy).isPresent())
          .toList();
      if (!report.isIndex() && serving.isEmpty()) {
        problems.add("the image is a single " + String.join(", ", present) + " manifest: runtimes run it on " + platform.shown()
            + " nodes (" + platform.reason() + ") too, where it fails with exec format error");
        missing.add(platform.shown());
        continue;
      }
      if (serving.isEmpty()) {
        problems.add("no " + platform.shown() + " manifest: pods on " + platform.reason() + " fail to pull it"
            + " (no matching manifest for " + platform.shown() + " in the manifest list entries)");
        missing.add(platform.shown());
        continue;
      }
      for (PlatformReport p : serving) {
        for (Verdict failure : p.failures()) {
          problems.add(p.platformText() + ": " + failure.message());
          wrongInside = true;
        }
      }
    }
    if (problems.isEmpty()) {
      return new ImageCheck(container, report.digest(), neededText, present, ImageCheck.Outcome.OK, List.of(), "");
    }
    List<String> fixes = new ArrayList<>();
    if (!missing.isEmpty()) {
      Set<String> all = new LinkedHashSet<>(present);
      all.addAll(neededText);
      fixes.add("rebuild with platforms " + String.join(",", all) + (report.isIndex() ? "" : " as a multi-platform index"));
    }
    if (wrongInside) {
      fixes.add("rebuild the image so that each platform's entry carries a binary of that platform (cinema:build cross-compiles and checks it)");
    }
    return new ImageCheck(container, report.digest(), neededText, present, ImageCheck.Outcome.FAILED, problems,
        String.join("; ", fixes));
  }
}
