package io.cinemaabyss.cinema.deployment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Navigation over snakeyaml's composed node tree. The tree, not constructed Java objects, is kept
 * because its scalars know where they stand in the text, which pinning rewrites in place.
 */
final class YamlTree {

  private YamlTree() {}

  /** The value of {@code key} in a mapping node; empty for a missing key or a non-mapping. */
  static Optional<Node> get(Node node, String key) {
    if (node instanceof MappingNode mapping) {
      for (NodeTuple tuple : mapping.getValue()) {
        if (tuple.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
          return Optional.of(tuple.getValueNode());
        }
      }
    }
    return Optional.empty();
  }

  /** The node at {@code path} of keys, such as {@code spec, template, spec}. */
  static Optional<Node> at(Node node, String... path) {
    Optional<Node> current = Optional.of(node);
    for (String key : path) {
      current = current.flatMap(n -> get(n, key));
    }
    return current;
  }

  /** The text of a scalar node at {@code key}; empty when absent, null or not a scalar. */
  static Optional<String> text(Node node, String key) {
    return get(node, key).flatMap(YamlTree::text);
  }

  static Optional<String> text(Node node) {
    if (node instanceof ScalarNode scalar && !"tag:yaml.org,2002:null".equals(scalar.getTag().getValue())) {
      return Optional.of(scalar.getValue());
    }
    return Optional.empty();
  }

  /** The items of a sequence node at {@code key}; none when absent or not a sequence. */
  static List<Node> items(Node node, String key) {
    return get(node, key).map(YamlTree::items).orElse(List.of());
  }

  static List<Node> items(Node node) {
    return node instanceof SequenceNode sequence ? sequence.getValue() : List.of();
  }

  /** A mapping of scalars at {@code key} (labels, nodeSelector, data), in order. */
  static Map<String, String> strings(Node node, String key) {
    Map<String, String> out = new LinkedHashMap<>();
    get(node, key).ifPresent(value -> {
      if (value instanceof MappingNode mapping) {
        for (NodeTuple tuple : mapping.getValue()) {
          Optional<String> k = text(tuple.getKeyNode());
          Optional<String> v = text(tuple.getValueNode());
          if (k.isPresent() && v.isPresent()) {
            out.put(k.get(), v.get());
          }
        }
      }
    });
    return out;
  }

  /** The scalar texts of a sequence at {@code key}. */
  static List<String> texts(Node node, String key) {
    List<String> out = new ArrayList<>();
    for (Node item : items(node, key)) {
      text(item).ifPresent(out::add);
    }
    return out;
  }
}
