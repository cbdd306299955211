package io.cinemaabyss.cinema.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The core's packages depend on each other without loops: each package's code (comments left out)
 * names the others it uses (a subpackage counts as a package of its own), and no package reaches itself again through them. A loop fails here,
 * naming the packages in it and a file for each edge, so it can be cut where it was made.
 */
class PackageCyclesTest {

  private static final Path SOURCES = Path.of("src/main/java/io/cinemaabyss/cinema");
  private static final Pattern USE = Pattern.compile("io\\.cinemaabyss\\.cinema\\.([a-z][a-z0-9_]*(?:\\.[a-z][a-z0-9_]*)*)\\.[A-Z]");
  private static final Pattern COMMENT = Pattern.compile("//[^\\n]*|/\\*.*?\\*/", Pattern.DOTALL);

  @Test
  void noPackageReachesItselfThroughOthers() throws IOException {
    Map<String, Map<String, String>> edges = edges();
    assertThat(edges).as("packages read from " + SOURCES.toAbsolutePath()).hasSizeGreaterThan(10);
    List<String> loops = new ArrayList<>();
    for (Set<String> component : stronglyConnected(edges)) {
      if (component.size() > 1) {
        StringBuilder loop = new StringBuilder(String.join(", ", component) + ":");
        for (String from : component) {
          edges.get(from).forEach((to, file) -> {
            if (component.contains(to)) {
              loop.append("\n  ").append(from).append(" -> ").append(to).append(" (").append(file).append(")");
            }
          });
        }
        loops.add(loop.toString());
      }
    }
    assertThat(loops).as("package loops").isEmpty();
  }

  /** For each package, the packages it uses, each with one file that uses it. */
  private static Map<String, Map<String, String>> edges() throws IOException {
    Map<String, Map<String, String>> edges = new TreeMap<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(SOURCES)) {
      files = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
    for (Path file : files) {
      Path relative = SOURCES.relativize(file);
      if (relative.getNameCount() < 2) {
        continue; // the root package: CinemaException, BuildLog, used by all
      }
      String from = relative.getParent().toString().replace('/', '.');
      Map<String, String> uses = edges.computeIfAbsent(from, k -> new TreeMap<>());
      Matcher use = USE.matcher(COMMENT.matcher(Files.readString(file)).replaceAll(""));
      while (use.find()) {
        if (!use.group(1).equals(from)) {
          uses.putIfAbsent(use.group(1), relative.toString());
        }
      }
    }
    return edges;
  }

  /** Tarjan's strongly connected components. */
  private static List<Set<String>> stronglyConnected(Map<String, Map<String, String>> edges) {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new TreeSet<>();
    List<Set<String>> components = new ArrayList<>();
    int[] counter = {0};
    for (String node : edges.keySet()) {
      if (!index.containsKey(node)) {
        visit(node, edges, index, low, stack, onStack, components, counter);
      }
    }
    return components;
  }

  private static void visit(String node, Map<String, Map<String, String>> edges, Map<String, Integer> index, Map<String, Integer> low,
      Deque<String> stack, Set<String> onStack, List<Set<String>> components, int[] counter) {
    index.put(node, counter[0]);
    low.put(node, counter[0]++);
    stack.push(node);
    onStack.add(node);
    for (String next : edges.getOrDefault(node, Map.of()).keySet()) {
      if (!index.containsKey(next)) {
        visit(next, edges, index, low, stack, onStack, components, counter);
        low.put(node, Math.min(low.get(node), low.get(next)));
      } else if (onStack.contains(next)) {
        low.put(node, Math.min(low.get(node), index.get(next)));
      }
    }
    if (low.get(node).equals(index.get(node))) {
      Set<String> component = new TreeSet<>();
      String member;
      do {
        member = stack.pop();
        onStack.remove(member);
        component.add(member);
      } while (!member.equals(node));
      components.add(component);
    }
  }
}
