package io.cinemaabyss.cinema.build.dockerfile;

import io.cinemaabyss.cinema.CinemaException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A parsed Dockerfile: the global {@code ARG}s before the first {@code FROM}, and the stages with
 * their instructions and line numbers. Handles the {@code escape} parser directive, line
 * continuations, comments (also inside continuations) and heredocs ({@code RUN <<EOF}).
 */
public record Dockerfile(String source, List<String> lines, List<DockerfileInstruction> globalArgs, List<DockerfileStage> stages) {

  /** The build args BuildKit sets from the build and target platforms. */
  public static final List<String> PLATFORM_ARGS =
      List.of("TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT", "BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT");

  private static final Pattern DIRECTIVE = Pattern.compile("^#\\s*([a-zA-Z][a-zA-Z0-9]*)\\s*=\\s*(.*?)\\s*$");
  private static final Pattern HEREDOC = Pattern.compile("<<(-?)([\"']?)([A-Za-z_][A-Za-z0-9_]*)\\2");
  private static final Pattern VARIABLE =
      Pattern.compile("\\$(?:\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\\}|([A-Za-z_][A-Za-z0-9_]*))");

  public Dockerfile {
    lines = List.copyOf(lines);
    globalArgs = List.copyOf(globalArgs);
    stages = List.copyOf(stages);
  }

  /** Reads and parses {@code file}; the error names the file when it is missing or has no FROM. */
  public static Dockerfile parse(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new CinemaException("Dockerfile " + file + " does not exist: set cinema.dockerfile to the path of your Dockerfile.");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the Dockerfile " + file, e);
    }
    return parse(text, file.toString());
  }

  /** Parses Dockerfile text; {@code source} names it in findings and errors. */
  public static Dockerfile parse(String text, String source) {
    List<String> lines = List.of(text.split("\\r?\\n", -1));
    char escape = '\\';
    int i = 0;
    // Parser directives: only at the very top, before any other line.
    while (i < lines.size()) {
      Matcher m = DIRECTIVE.matcher(lines.get(i).strip());
      if (!m.matches()) {
        break;
      }
      if (m.group(1).equalsIgnoreCase("escape") && m.group(2).length() == 1) {
        escape = m.group(2).charAt(0);
      }
      i++;
    }

    List<DockerfileInstruction> instructions = new ArrayList<>();
    while (i < lines.size()) {
      String first = lines.get(i);
      String trimmed = first.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        i++;
        continue;
      }
      int start = i;
      StringBuilder logical = new StringBuilder();
      String current = first;
      while (true) {
        String stripped = stripTrailing(current);
        if (!stripped.isEmpty() && stripped.charAt(stripped.length() - 1) == escape && i + 1 < lines.size()) {
          logical.append(stripped, 0, stripped.length() - 1);
          i++;
          // Comment and empty lines inside a continuation are dropped, as Docker does.
          while (i < lines.size() && (lines.get(i).isBlank() || lines.get(i).strip().startsWith("#"))) {
            i++;
          }
          if (i >= lines.size()) {
            break;
          }
          current = lines.get(i);
        } else {
          logical.append(stripped.endsWith(String.valueOf(escape)) ? stripped.substring(0, stripped.length() - 1) : stripped);
          break;
        }
      }
      String text0 = logical.toString().strip();
      int space = indexOfWhitespace(text0);
      String keyword = (space < 0 ? text0 : text0.substring(0, space)).toUpperCase(Locale.ROOT);
      String rest = space < 0 ? "" : text0.substring(space).strip();
      if (keyword.equals("RUN") || keyword.equals("COPY") || keyword.equals("ADD")) {
        // Heredoc bodies belong to the instruction: append them so rules see their commands.
        Matcher h = HEREDOC.matcher(rest);
        StringBuilder bodies = new StringBuilder();
        while (h.find()) {
          boolean stripTabs = !h.group(1).isEmpty();
          String word = h.group(3);
          while (i + 1 < lines.size()) {
            i++;
            String body = lines.get(i);
            if ((stripTabs ? body.replaceFirst("^\\t+", "") : body).equals(word)) {
              break;
            }
            bodies.append('\n').append(body);
          }
        }
        rest = rest + bodies;
      }
      instructions.add(DockerfileInstruction.of(start + 1, i + 1, keyword, rest));
      i++;
    }

    List<DockerfileInstruction> globals = new ArrayList<>();
    List<DockerfileStage> stages = new ArrayList<>();
    DockerfileInstruction from = null;
    List<DockerfileInstruction> body = new ArrayList<>();
    for (DockerfileInstruction instruction : instructions) {
      if (instruction.is("FROM")) {
        if (from != null) {
          stages.add(stage(stages.size(), from, body, source));
        }
        from = instruction;
        body = new ArrayList<>();
      } else if (from == null) {
        if (!instruction.is("ARG")) {
          throw new CinemaException(
              source + ":" + instruction.line() + ": " + instruction.keyword()
                  + " before the first FROM: only ARG may come before FROM. Move it into a stage.");
        }
        globals.add(instruction);
      } else {
        body.add(instruction);
      }
    }
    if (from == null) {
      throw new CinemaException(source + " has no FROM instruction: a Dockerfile needs at least one stage, such as FROM alpine.");
    }
    stages.add(stage(stages.size(), from, body, source));
    return new Dockerfile(source, lines, globals, stages);
  }

  private static DockerfileStage stage(int index, DockerfileInstruction from, List<DockerfileInstruction> body, String source) {
    String[] words = from.arguments().split("\\s+");
    if (words.length == 0 || words[0].isEmpty()) {
      throw new CinemaException(source + ":" + from.line() + ": FROM without an image: write FROM <image> [AS <name>].");
    }
    Optional<String> name = Optional.empty();
    if (words.length >= 3 && words[1].equalsIgnoreCase("AS")) {
      name = Optional.of(words[2].toLowerCase(Locale.ROOT));
    } else if (words.length != 1) {
      throw new CinemaException(source + ":" + from.line() + ": cannot read '" + from + "': write FROM [--platform=..] <image> [AS <name>].");
    }
    return new DockerfileStage(index, name, words[0], from.flag("platform").filter(p -> !p.isBlank()), from, body);
  }

  /** The stage {@code target} names (by name or index), or the last stage when target is empty. */
  public DockerfileStage targetStage(Optional<String> target) {
    if (target.isEmpty() || target.get().isBlank()) {
      return stages.get(stages.size() - 1);
    }
    return stage(target.get().strip())
        .orElseThrow(
            () -> new CinemaException(
                "Target stage '" + target.get() + "' is not in " + source + "; its stages are: "
                    + stages.stream().map(DockerfileStage::label).collect(Collectors.joining(", "))
                    + ". Set cinema.target to one of them, or leave it out to build the last stage."));
  }

  /** The stage named {@code nameOrIndex}, as FROM and COPY --from refer to stages. */
  public Optional<DockerfileStage> stage(String nameOrIndex) {
    String key = nameOrIndex.toLowerCase(Locale.ROOT);
    for (DockerfileStage stage : stages) {
      if (stage.name().map(key::equals).orElse(false)) {
        return Optional.of(stage);
      }
    }
    if (key.matches("[0-9]+")) {
      int index = Integer.parseInt(key);
      if (index < stages.size()) {
        return Optional.of(stages.get(index));
      }
    }
    return Optional.empty();
  }

  /** The earlier stage that {@code stage} is built FROM, when its base is a stage and not an image. */
  public Optional<DockerfileStage> parent(DockerfileStage stage) {
    String image = stage.image().toLowerCase(Locale.ROOT);
    return stages.stream()
        .filter(p -> p.index() < stage.index() && p.name().map(image::equals).orElse(false))
        .reduce((a, b) -> b);
  }

  /** The {@code --platform} a stage runs on: its own, or that of the stage it builds FROM. */
  public Optional<String> effectivePlatform(DockerfileStage stage) {
    if (stage.platform().isPresent()) {
      return stage.platform();
    }
    return parent(stage).flatMap(this::effectivePlatform);
  }

  /** The stage and the stages it builds FROM, nearest first. */
  public List<DockerfileStage> lineage(DockerfileStage stage) {
    List<DockerfileStage> out = new ArrayList<>();
    Optional<DockerfileStage> current = Optional.of(stage);
    while (current.isPresent() && !out.contains(current.get())) {
      out.add(current.get());
      current = parent(current.get());
    }
    return out;
  }

  /** The stages a build of {@code target} runs: the target, its FROM parents and COPY --from sources, transitively. */
  public List<DockerfileStage> stagesNeededFor(DockerfileStage target) {
    Set<DockerfileStage> needed = new LinkedHashSet<>();
    List<DockerfileStage> queue = new ArrayList<>(List.of(target));
    while (!queue.isEmpty()) {
      DockerfileStage stage = queue.remove(0);
      if (!needed.add(stage)) {
        continue;
      }
      parent(stage).ifPresent(queue::add);
      for (DockerfileInstruction i : stage.instructions()) {
        Optional<String> from = i.flag("from");
        if ((i.is("COPY") || i.is("ADD")) && from.isPresent()) {
          stage(from.get()).filter(s -> s.index() < stage.index()).ifPresent(queue::add);
        }
        if (i.is("RUN")) {
          Matcher m = Pattern.compile("from=([^,\\s]+)").matcher(i.flags().getOrDefault("mount", ""));
          while (m.find()) {
            stage(m.group(1)).filter(s -> s.index() < stage.index()).ifPresent(queue::add);
          }
        }
      }
    }
    return needed.stream().sorted(java.util.Comparator.comparingInt(DockerfileStage::index)).toList();
  }

  /** The names every {@code ARG} of the file declares, global or in a stage. */
  public Set<String> declaredArgs() {
    Set<String> names = new LinkedHashSet<>();
    globalArgs.forEach(a -> names.addAll(argNames(a)));
    stages.forEach(s -> s.instructions().stream().filter(i -> i.is("ARG")).forEach(a -> names.addAll(argNames(a))));
    return names;
  }

  /** The defaults of the global ARGs (an ARG without one maps to an empty string). */
  public Map<String, String> globalArgDefaults() {
    Map<String, String> out = new LinkedHashMap<>();
    for (DockerfileInstruction arg : globalArgs) {
      out.putAll(argDefaults(arg));
    }
    return out;
  }

  static List<String> argNames(DockerfileInstruction arg) {
    return List.copyOf(argDefaults(arg).keySet());
  }

  static Map<String, String> argDefaults(DockerfileInstruction arg) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String word : arg.arguments().split("\\s+")) {
      if (word.isBlank()) {
        continue;
      }
      int eq = word.indexOf('=');
      String name = eq < 0 ? word : word.substring(0, eq);
      String value = eq < 0 ? "" : word.substring(eq + 1).replaceAll("^\"|\"$", "");
      out.put(name, value);
    }
    return out;
  }

  /** The key=value pairs of an ENV instruction (also the old {@code ENV key value} form). */
  static Map<String, String> envPairs(DockerfileInstruction env) {
    Map<String, String> out = new LinkedHashMap<>();
    String args = env.arguments().strip();
    int space = indexOfWhitespace(args);
    String firstWord = space < 0 ? args : args.substring(0, space);
    if (!firstWord.contains("=")) {
      out.put(firstWord, space < 0 ? "" : args.substring(space).strip());
      return out;
    }
    Matcher m = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'|\\S*)").matcher(args);
    while (m.find()) {
      out.put(m.group(1), m.group(2).replaceAll("^[\"']|[\"']$", ""));
    }
    return out;
  }

  /**
   * Expands {@code $NAME}, {@code ${NAME}}, {@code ${NAME:-default}} and {@code ${NAME:+alt}} with
   * {@code values}; an unknown name expands to nothing, as in Docker.
   */
  public static String expand(String text, Map<String, String> values) {
    Matcher m = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(4);
      String value = values.get(name);
      String op = m.group(2);
      String replacement;
      if (op == null) {
        replacement = value == null ? "" : value;
      } else if (op.endsWith("-")) {
        boolean unset = value == null || (op.startsWith(":") && value.isEmpty());
        replacement = unset ? expand(m.group(3), values) : value;
      } else {
        boolean set = value != null && !(op.startsWith(":") && value.isEmpty());
        replacement = set ? expand(m.group(3), values) : "";
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** True when {@code text} refers to the variable {@code name} ({@code $NAME} or {@code ${NAME...}}). */
  public static boolean refersTo(String text, String name) {
    Matcher m = VARIABLE.matcher(text);
    while (m.find()) {
      if (name.equals(m.group(1) != null ? m.group(1) : m.group(4))) {
        return true;
      }
    }
    return false;
  }

  /** The variables {@code text} refers to, in order of first use. */
  public static Set<String> variables(String text) {
    Set<String> out = new LinkedHashSet<>();
    Matcher m = VARIABLE.matcher(text);
    while (m.find()) {
      out.add(m.group(1) != null ? m.group(1) : m.group(4));
    }
    return out;
  }

  private static String stripTrailing(String s) {
    return s.stripTrailing();
  }

  private static int indexOfWhitespace(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isWhitespace(s.charAt(i))) {
        return i;
      }
    }
    return -1;
  }
}
