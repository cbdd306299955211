package io.cinemaabyss.cinema.deployment;

import io.cinemaabyss.cinema.CinemaException;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Kubernetes YAML as {@code kubectl apply -f} reads it: files, directories (their {@code .yaml},
 * {@code .yml} and {@code .json} files, sorted, not recursive), or text such as the output of
 * {@code helm template} or {@code kubectl kustomize} on standard input; every document of each, and
 * the items of {@code List} kinds. What it finds: the workloads with the images of their pod
 * templates, and the image pull secrets.
 *
 * <pre>{@code
 * KubernetesManifests manifests = KubernetesManifests.read(List.of(Path.of("k8s")));
 * manifests.workloads().forEach(w -> System.out.println(w.shown() + " " + w.images()));
 * }</pre>
 */
public final class KubernetesManifests {

  /** Manifests larger than this are refused: they are not hand-written or rendered Kubernetes YAML. */
  static final int MAX_BYTES = 32 * 1024 * 1024;

  /** One file (or standard input) with its text and its documents. */
  record Source(String origin, Optional<Path> path, String text, List<Node> documents) {}

  /** Where one image is written in a source, for pinning. */
  record ImageField(Source source, ScalarNode node) {}

  private final List<Source> sources;
  private final List<Workload> workloads = new ArrayList<>();
  private final List<ImageField> imageFields = new ArrayList<>();
  private final PullSecrets pullSecrets = new PullSecrets();

  private KubernetesManifests(List<Source> sources) {
    this.sources = List.copyOf(sources);
    for (Source source : sources) {
      for (int i = 0; i < source.documents().size(); i++) {
        String origin = source.origin() + (source.documents().size() > 1 ? "#" + (i + 1) : "");
        object(source, origin, source.documents().get(i));
      }
    }
  }

  /** Reads files and directories. */
  public static KubernetesManifests read(List<Path> paths) {
    if (paths.isEmpty()) {
      throw new CinemaException("No Kubernetes manifests given: name YAML files or directories (cinema.manifests), or - for standard input.");
    }
    List<Source> sources = new ArrayList<>();
    for (Path path : paths) {
      if (Files.isDirectory(path)) {
        List<Path> files = yamlFiles(path);
        if (files.isEmpty()) {
          throw new CinemaException("The directory " + path + " has no .yaml, .yml or .json files: name the manifests' directory or files.");
        }
        for (Path file : files) {
          sources.add(parse(file.toString(), Optional.of(file), readText(file)));
        }
      } else if (Files.isRegularFile(path)) {
        sources.add(parse(path.toString(), Optional.of(path), readText(path)));
      } else {
        throw new CinemaException("No Kubernetes manifest at " + path.toAbsolutePath() + ": name existing YAML files or directories.");
      }
    }
    return new KubernetesManifests(sources);
  }

  /**
   * The manifests a user named: files and directories relative to {@code base}, or {@code -} alone
   * for {@code stdin} (the output of helm template or kubectl kustomize).
   */
  public static KubernetesManifests fromArguments(List<String> given, Path base, java.io.InputStream stdin) {
    if (given.isEmpty()) {
      throw new CinemaException("No Kubernetes manifests: set -Dcinema.manifests=k8s/ (files or directories, comma-separated) or - for standard input.");
    }
    if (given.equals(List.of("-"))) {
      try {
        return read("standard input", new String(stdin.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("Cannot read the manifests from standard input", e);
      }
    }
    if (given.contains("-")) {
      throw new CinemaException("cinema.manifests: '-' (standard input) cannot be mixed with files: " + given + ".");
    }
    return read(given.stream().map(base::resolve).toList());
  }

  /** Reads YAML text, such as standard input; {@code origin} names it in messages. */
  public static KubernetesManifests read(String origin, String text) {
    return new KubernetesManifests(List.of(parse(origin, Optional.empty(), text)));
  }

  public List<Workload> workloads() {
    return List.copyOf(workloads);
  }

  PullSecrets pullSecrets() {
    return pullSecrets;
  }

  List<Source> sources() {
    return sources;
  }

  List<ImageField> imageFields() {
    return List.copyOf(imageFields);
  }

  private static List<Path> yamlFiles(Path dir) {
    try (Stream<Path> list = Files.list(dir)) {
      return list.filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().matches(".*\\.(yaml|yml|json)$"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list the manifests directory " + dir, e);
    }
  }

  private static String readText(Path file) {
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new CinemaException("The manifest " + file + " is over " + MAX_BYTES / (1024 * 1024) + " MB: not Kubernetes YAML this tool will read.");
      }
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the manifest " + file, e);
    }
  }

  private static Source parse(String origin, Optional<Path> path, String text) {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(MAX_BYTES);
    options.setAllowDuplicateKeys(true);
    Yaml yaml = new Yaml(new SafeConstructor(options));
    List<Node> documents = new ArrayList<>();
    try {
      for (Node document : yaml.composeAll(new StringReader(text))) {
        if (document != null) {
          documents.add(document);
        }
      }
    } catch (MarkedYAMLException e) {
      String where = e.getProblemMark() == null ? "" : " at line " + (e.getProblemMark().getLine() + 1) + ", column " + (e.getProblemMark().getColumn() + 1);
      throw new CinemaException("The manifest " + origin + " is not valid YAML" + where + ": " + e.getProblem() + ".", e);
    } catch (YAMLException e) {
      throw new CinemaException("The manifest " + origin + " is not valid YAML: " + e.getMessage(), e);
    }
    return new Source(origin, path, text, documents);
  }

  private void object(Source source, String origin, Node object) {
    String kind = YamlTree.text(object, "kind").orElse("");
    if (kind.equals("List") || kind.endsWith("List") && YamlTree.get(object, "items").isPresent()) {
      List<Node> items = YamlTree.items(object, "items");
      for (int i = 0; i < items.size(); i++) {
        object(source, origin + " items[" + i + "]", items.get(i));
      }
      return;
    }
    String namespace = YamlTree.at(object, "metadata").flatMap(m -> YamlTree.text(m, "namespace")).orElse("default");
    String name = YamlTree.at(object, "metadata").flatMap(m -> YamlTree.text(m, "name")).orElse("(unnamed)");
    if (kind.equals("Secret")) {
      pullSecrets.add(origin, namespace, name, object);
      return;
    }
    Optional<Node> podSpec = switch (kind) {
      case "Pod" -> YamlTree.at(object, "spec");
      case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job" ->
          YamlTree.at(object, "spec", "template", "spec");
      case "CronJob" -> YamlTree.at(object, "spec", "jobTemplate", "spec", "template", "spec");
      default -> Optional.empty();
    };
    podSpec.ifPresent(spec -> workloads.add(workload(source, origin, kind, namespace, name, spec)));
  }

  private Workload workload(Source source, String origin, String kind, String namespace, String name, Node spec) {
    List<ContainerImage> images = new ArrayList<>();
    for (ContainerRole role : ContainerRole.values()) {
      for (Node container : YamlTree.items(spec, role.field())) {
        Optional<Node> image = YamlTree.get(container, "image");
        String containerName = YamlTree.text(container, "name").orElse("(unnamed)");
        if (image.isPresent() && image.get() instanceof ScalarNode scalar && !scalar.getValue().isBlank()) {
          images.add(new ContainerImage(containerName, role, scalar.getValue().trim()));
          imageFields.add(new ImageField(source, scalar));
        } else {
          throw new CinemaException(
              "The " + role.field() + " entry '" + containerName + "' of " + kind + " " + namespace + "/" + name + " in " + origin
                  + " has no image: Kubernetes would reject it; add image: or fix the manifest.");
        }
      }
    }
    List<String> secrets = new ArrayList<>();
    for (Node ref : YamlTree.items(spec, "imagePullSecrets")) {
      YamlTree.text(ref, "name").ifPresent(secrets::add);
    }
    return new Workload(origin, kind, namespace, name, images, placement(spec), secrets);
  }

  private static Placement placement(Node spec) {
    Map<String, String> selector = new java.util.LinkedHashMap<>();
    YamlTree.strings(spec, "nodeSelector").forEach((k, v) -> {
      if (Placement.known(k)) {
        selector.put(k, v);
      }
    });
    List<List<Placement.Requirement>> terms = new ArrayList<>();
    Optional<Node> required =
        YamlTree.at(spec, "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution");
    for (Node term : required.map(r -> YamlTree.items(r, "nodeSelectorTerms")).orElse(List.of())) {
      List<Placement.Requirement> requirements = new ArrayList<>();
      for (Node expression : YamlTree.items(term, "matchExpressions")) {
        String key = YamlTree.text(expression, "key").orElse("");
        if (Placement.known(key)) {
          requirements.add(new Placement.Requirement(
              key, YamlTree.text(expression, "operator").orElse("In"), YamlTree.texts(expression, "values")));
        }
      }
      terms.add(requirements);
    }
    // a term with no requirement on os/arch admits every platform, and so does the whole affinity
    if (terms.stream().anyMatch(List::isEmpty)) {
      terms.clear();
    }
    return new Placement(selector, terms);
  }
}
