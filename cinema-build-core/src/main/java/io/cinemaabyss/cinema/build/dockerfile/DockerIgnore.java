package io.cinemaabyss.cinema.build.dockerfile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The patterns of a {@code .dockerignore}, matched as the Docker client matches them: Go glob
 * syntax plus {@code **}, a pattern also matching the parent directories of a path, {@code !}
 * re-including, and the last matching pattern deciding.
 */
public record DockerIgnore(List<Rule> rules) {

  /** One pattern line: its glob as a regex, how many path elements it has, and whether it re-includes. */
  public record Rule(String pattern, Pattern regex, int depth, boolean exception) {}

  public DockerIgnore {
    rules = List.copyOf(rules);
  }

  public static DockerIgnore none() {
    return new DockerIgnore(List.of());
  }

  /** Reads {@code <context>/.dockerignore}; none when there is no such file. */
  public static DockerIgnore read(Path context) {
    Path file = context.resolve(".dockerignore");
    if (!Files.isRegularFile(file)) {
      return none();
    }
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }

  public static DockerIgnore parse(String text) {
    List<Rule> rules = new ArrayList<>();
    for (String raw : text.split("\\r?\\n")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      boolean exception = line.startsWith("!");
      String pattern = clean(exception ? line.substring(1).strip() : line);
      if (pattern.isEmpty()) {
        continue;
      }
      rules.add(new Rule(pattern, Pattern.compile(toRegex(pattern)), pattern.split("/").length, exception));
    }
    return new DockerIgnore(rules);
  }

  /** True when {@code relativePath} (with {@code /} separators) is left out of the build context. */
  public boolean excludes(String relativePath) {
    String path = clean(relativePath);
    String[] parts = path.split("/");
    boolean excluded = false;
    for (Rule rule : rules) {
      boolean match = rule.regex().matcher(path).matches();
      if (!match && parts.length > 1 && rule.depth() < parts.length) {
        // A pattern also matches when it matches one of the path's parent directories.
        match = rule.regex().matcher(String.join("/", java.util.Arrays.copyOf(parts, rule.depth()))).matches();
      }
      if (match) {
        excluded = !rule.exception();
      }
    }
    return excluded;
  }

  private static String clean(String pattern) {
    String p = pattern.replace('\\', '/');
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    while (p.startsWith("./")) {
      p = p.substring(2);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p.replaceAll("/+", "/").replaceAll("(^|/)\\./", "$1");
  }

  private static String toRegex(String glob) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*') {
        if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
          i++;
          if (i + 1 < glob.length() && glob.charAt(i + 1) == '/') {
            i++;
            re.append("(?:.*/)?");
          } else {
            re.append(".*");
          }
        } else {
          re.append("[^/]*");
        }
      } else if (c == '?') {
        re.append("[^/]");
      } else if (c == '[') {
        int end = glob.indexOf(']', i + 1);
        if (end < 0) {
          re.append("\\[");
        } else {
          String cls = glob.substring(i + 1, end);
          re.append('[').append(cls.startsWith("^") || cls.startsWith("!") ? "^" + cls.substring(1) : cls).append(']');
          i = end;
        }
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return re.toString();
  }
}
