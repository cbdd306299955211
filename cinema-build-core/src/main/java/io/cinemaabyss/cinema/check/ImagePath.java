package io.cinemaabyss.cinema.check;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** Paths inside an image: tar names and link targets, normalised and kept inside the root. */
final class ImagePath {

  private ImagePath() {}

  /** The components of a tar entry name; {@code ..} that would climb above the root is refused. */
  static List<String> components(String name, String layer) {
    Deque<String> stack = new ArrayDeque<>();
    for (String part : name.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (stack.isEmpty()) {
          throw new LayerPathEscapeException(layer, name);
        }
        stack.removeLast();
      } else {
        stack.addLast(part);
      }
    }
    return new ArrayList<>(stack);
  }

  /** A tar entry name in canonical form: {@code /usr/local/bin/app}. */
  static String normalise(String name, String layer) {
    return join(components(name, layer));
  }

  /** Splits a path as a process sees it inside the container; {@code ..} is kept for the resolver. */
  static List<String> split(String path) {
    List<String> out = new ArrayList<>();
    for (String part : path.split("/")) {
      if (!part.isEmpty() && !part.equals(".")) {
        out.add(part);
      }
    }
    return out;
  }

  static String join(List<String> components) {
    return components.isEmpty() ? "/" : "/" + String.join("/", components);
  }
}
