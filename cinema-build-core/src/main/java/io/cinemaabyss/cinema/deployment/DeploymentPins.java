package io.cinemaabyss.cinema.deployment;

import io.cinemaabyss.cinema.CinemaException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Pins a deployment to what was checked: a copy of each manifest file with every image rewritten to
 * {@code name@sha256:...} (the digest the check resolved: the index's, for a multi-platform image),
 * changed in place so that comments, order and layout stay as written; and a values-style file
 * ({@value #VALUES_FILE}) mapping each image to its digest, for Helm charts.
 */
public final class DeploymentPins {

  public static final String VALUES_FILE = "image-digests.yaml";
  static final String STDIN_FILE = "manifests.yaml";

  private DeploymentPins() {}

  /**
   * Writes the pinned copies and the values file into {@code directory}.
   *
   * @return the files written
   * @throws CinemaException when an image of the manifests has no digest in {@code report}
   */
  public static List<Path> write(KubernetesManifests manifests, DeploymentReport report, Path directory) {
    Map<String, String> digests = report.digests();
    for (KubernetesManifests.ImageField field : manifests.imageFields()) {
      String image = field.node().getValue().trim();
      if (!digests.containsKey(image)) {
        throw new CinemaException("Cannot pin " + image + " (" + field.source().origin() + "): it could not be read, so it has no digest. Fix the check's failures first.");
      }
    }
    List<Path> written = new ArrayList<>();
    Set<String> names = new HashSet<>();
    try {
      Files.createDirectories(directory);
      for (KubernetesManifests.Source source : manifests.sources()) {
        String name = source.path().map(p -> p.getFileName().toString()).orElse(STDIN_FILE);
        for (int n = 2; !names.add(name); n++) {
          name = n + "-" + source.path().map(p -> p.getFileName().toString()).orElse(STDIN_FILE);
        }
        written.add(atomicWrite(directory.resolve(name), pinned(source, manifests.imageFields(), digests)));
      }
      written.add(atomicWrite(directory.resolve(VALUES_FILE), values(digests)));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the pinned manifests to " + directory, e);
    }
    return written;
  }

  /** {@code name@digest}: the reference's repository without its tag or old digest. */
  static String pin(String image, String digest) {
    String name = image;
    int at = name.indexOf('@');
    if (at >= 0) {
      name = name.substring(0, at);
    }
    int colon = name.lastIndexOf(':');
    if (colon > name.lastIndexOf('/')) {
      name = name.substring(0, colon);
    }
    return name + "@" + digest;
  }

  private static String pinned(KubernetesManifests.Source source, List<KubernetesManifests.ImageField> fields, Map<String, String> digests) {
    String text = source.text();
    List<ScalarNode> nodes = new ArrayList<>();
    for (KubernetesManifests.ImageField field : fields) {
      if (field.source() == source) {
        nodes.add(field.node());
      }
    }
    // from the end, so that earlier offsets stay valid
    nodes.sort(Comparator.comparingInt((ScalarNode n) -> n.getStartMark().getIndex()).reversed());
    StringBuilder out = new StringBuilder(text);
    for (ScalarNode node : nodes) {
      int start = text.offsetByCodePoints(0, node.getStartMark().getIndex());
      int end = text.offsetByCodePoints(0, node.getEndMark().getIndex());
      String value = pin(node.getValue().trim(), digests.get(node.getValue().trim()));
      String written = switch (node.getScalarStyle()) {
        case PLAIN -> value;
        case SINGLE_QUOTED -> "'" + value + "'";
        case DOUBLE_QUOTED -> "\"" + value + "\"";
        default -> throw new CinemaException(
            "Cannot pin the image at line " + (node.getStartMark().getLine() + 1) + " of " + source.origin()
                + ": it is a block scalar; write it on one line (image: name:tag).");
      };
      out.replace(start, end, written);
    }
    return out.toString();
  }

  private static String values(Map<String, String> digests) {
    Map<String, Object> images = new LinkedHashMap<>();
    digests.forEach((image, digest) -> {
      String pinned = pin(image, digest);
      Map<String, String> entry = new LinkedHashMap<>();
      entry.put("repository", pinned.substring(0, pinned.indexOf('@')));
      entry.put("digest", digest);
      entry.put("image", pinned);
      images.put(image, entry);
    });
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndent(2);
    return "# Written by cinema:check-deployment: each image of the manifests and the digest it was checked at.\n"
        + new Yaml(options).dump(Map.of("images", images));
  }

  private static Path atomicWrite(Path file, String text) throws IOException {
    Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
    try {
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
    return file;
  }
}
