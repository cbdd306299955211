package io.cinemaabyss.cinema.build.dockerfile;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One instruction of a Dockerfile: its keyword (upper case), its {@code --flag=value} options, and
 * its arguments with line continuations joined (and heredoc bodies appended), with the lines it
 * spans in the file (1-based).
 */
public record DockerfileInstruction(int line, int endLine, String keyword, Map<String, String> flags, String arguments) {

  public DockerfileInstruction {
    flags = Map.copyOf(flags);
  }

  public Optional<String> flag(String name) {
    return Optional.ofNullable(flags.get(name));
  }

  public boolean is(String value) {
    return keyword.equals(value);
  }

  /** Splits the leading {@code --name=value} / {@code --name} options off the arguments. */
  static DockerfileInstruction of(int line, int endLine, String keyword, String rest) {
    Map<String, String> flags = new LinkedHashMap<>();
    String remaining = rest.strip();
    while (remaining.startsWith("--")) {
      int end = 0;
      while (end < remaining.length() && !Character.isWhitespace(remaining.charAt(end))) {
        end++;
      }
      String token = remaining.substring(2, end);
      int eq = token.indexOf('=');
      if (eq < 0) {
        flags.put(token.toLowerCase(java.util.Locale.ROOT), "");
      } else {
        flags.put(token.substring(0, eq).toLowerCase(java.util.Locale.ROOT), unquote(token.substring(eq + 1)));
      }
      remaining = remaining.substring(end).strip();
    }
    return new DockerfileInstruction(line, endLine, keyword, flags, remaining);
  }

  private static String unquote(String value) {
    if (value.length() >= 2
        && ((value.startsWith("\"") && value.endsWith("\"")) || (value.startsWith("'") && value.endsWith("'")))) {
      return value.substring(1, value.length() - 1);
    }
    return value;
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(keyword);
    flags.forEach((k, v) -> out.append(" --").append(k).append(v.isEmpty() ? "" : "=" + v));
    return out.append(' ').append(arguments).toString();
  }
}
