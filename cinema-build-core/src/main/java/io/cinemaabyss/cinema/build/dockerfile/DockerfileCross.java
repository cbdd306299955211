package io.cinemaabyss.cinema.build.dockerfile;

import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.oci.Platform;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code dockerfileCross=auto}: a stage that compiles Go ({@code go build} / {@code go install})
 * without {@code FROM --platform=$BUILDPLATFORM} runs the Go compiler under QEMU for every foreign
 * platform. When that is safe, the stage is built on the build platform instead, with GOOS, GOARCH
 * (GOARM, GOAMD64) set for the target and CGO_ENABLED=0 unless the stage sets it: the same binary,
 * compiled natively. The Dockerfile on disk is never changed; the rewritten text goes into the build
 * context (Engine API) or a file in the work directory (buildx).
 *
 * <p>A stage is left as written, with the reason, when it cannot be rewritten safely: it runs what
 * it built (a later RUN step, {@code go run/test/generate}), uses cgo, sets GOOS/GOARCH itself, the
 * image or another stage is built FROM it, or another stage copies something from it that no
 * {@code go build} made (a tool installed for the build platform would land in the image). After
 * the build, {@link DockerfileImageBuild} checks each platform's binary by ELF, and rebuilds as
 * written when one is of the wrong architecture.
 */
public final class DockerfileCross {

  /** The {@code dockerfileCross} setting. */
  public enum Mode {
    /** Cross-compile the stages where that is safe (the default). */
    AUTO,
    /** Build the Dockerfile as written. */
    OFF;

    public static Mode parse(String text) {
      if (text == null || text.isBlank()) {
        return AUTO;
      }
      try {
        return valueOf(text.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new CinemaException("dockerfileCross must be auto or off, got '" + text + "'.");
      }
    }
  }

  /** Why a stage that compiles Go under emulation is left as written. */
  public enum Reason {
    /** A RUN step after the go build runs a program (which would be of the target's architecture). */
    RUNS_WHAT_IT_BUILT,
    /** The stage compiles with cgo, which needs a C cross toolchain. */
    USES_CGO,
    /** The stage sets GOOS or GOARCH itself. */
    SETS_GOOS_GOARCH,
    /** The image or another stage is built FROM this stage, so it would change platform too. */
    BUILT_FROM,
    /** Another stage copies from it a file no go build made. */
    COPIES_OTHER_OUTPUT,
    /** A go install the rewrite cannot turn into a go build (pkg@version, a heredoc). */
    GO_INSTALL_FORM,
    /** A target platform whose GOARM buildx cannot be told per platform. */
    VARIANT_UNDER_BUILDX,
    /** The binary of the cross-compiled build is of the wrong architecture (the ELF check). */
    ELF_MISMATCH
  }

  /** A stage left as written, and why. */
  public record Skip(DockerfileStage stage, Reason reason, String detail) {
    @Override
    public String toString() {
      return "stage " + stage.label() + " is built as written (emulated on foreign platforms): " + detail;
    }
  }

  /** What {@link #plan} found: the stages to cross-compile and the ones left as written. */
  public record Plan(Dockerfile file, List<DockerfileStage> crossed, List<Skip> skipped, Map<Integer, InstallRewrite> installs) {
    public Plan {
      crossed = List.copyOf(crossed);
      skipped = List.copyOf(skipped);
      installs = Map.copyOf(installs);
    }

    public boolean applies() {
      return !crossed.isEmpty();
    }

    /**
     * The Dockerfile text with the crossed stages on {@code $BUILDPLATFORM}. With a {@code target}
     * platform the Go environment is written as literals for it (one build per platform, the Engine
     * API); without, from the build args BuildKit sets ({@code ARG TARGETOS TARGETARCH}).
     */
    public String text(Optional<Platform> target) {
      List<String> lines = new ArrayList<>(file.lines());
      for (DockerfileStage stage : crossed) {
        replace(lines, stage.from(), onBuildPlatform(stage) + "\n" + environment(stage, target));
      }
      installs.values().forEach(r -> replace(lines, r.run(), r.text()));
      return String.join("\n", lines);
    }

    /** The lines the rewrite adds or changes, for the build log. */
    public List<String> changes(Optional<Platform> target) {
      List<String> out = new ArrayList<>();
      for (DockerfileStage stage : crossed) {
        out.add(file.source() + ":" + stage.line() + ": FROM --platform=$BUILDPLATFORM " + stage.from().arguments()
            + " + " + environment(stage, target).replace("\n", "; "));
      }
      installs.values().forEach(r -> out.add(file.source() + ":" + r.run().line() + ": " + r.text()));
      return out;
    }

    /**
     * The rewrite as a diff for the build log: per change, the file and line, then the original
     * lines with {@code -} and what the daemon is given instead with {@code +}.
     */
    public List<String> diff(Optional<Platform> target) {
      List<String> out = new ArrayList<>();
      for (DockerfileStage stage : crossed) {
        DockerfileInstruction from = stage.from();
        out.add(file.source() + ":" + from.line() + " (stage " + stage.label() + ", on the build platform):");
        original(from).forEach(l -> out.add("- " + l));
        out.add("+ " + onBuildPlatform(stage));
        environment(stage, target).lines().forEach(l -> out.add("+ " + l));
      }
      installs.values().forEach(r -> {
        out.add(file.source() + ":" + r.run().line() + " (go install becomes go build into the same directory):");
        original(r.run()).forEach(l -> out.add("- " + l));
        out.add("+ " + r.text());
      });
      return out;
    }

    /** The stage's FROM with {@code --platform=$BUILDPLATFORM} in place of its own --platform, other flags kept. */
    private static String onBuildPlatform(DockerfileStage stage) {
      DockerfileInstruction from = stage.from();
      StringBuilder line = new StringBuilder("FROM");
      from.flags().forEach((k, v) -> {
        if (!k.equals("platform")) {
          line.append(" --").append(k).append(v.isEmpty() ? "" : "=" + v);
        }
      });
      return line.append(" --platform=$BUILDPLATFORM ").append(from.arguments()).toString();
    }

    private List<String> original(DockerfileInstruction instruction) {
      return file.lines().subList(instruction.line() - 1, instruction.endLine());
    }

    private String environment(DockerfileStage stage, Optional<Platform> target) {
      boolean cgoSet = setsCgo(file, stage);
      if (target.isPresent()) {
        Platform p = target.get();
        return "ENV GOOS=" + p.os() + " GOARCH=" + p.architecture() + p.goArm().map(v -> " GOARM=" + v).orElse("")
            + p.goAmd64().map(v -> " GOAMD64=" + v).orElse("") + (cgoSet ? "" : " CGO_ENABLED=0");
      }
      return "ARG TARGETOS TARGETARCH\nENV GOOS=${TARGETOS} GOARCH=${TARGETARCH}" + (cgoSet ? "" : " CGO_ENABLED=0");
    }

    private static void replace(List<String> lines, DockerfileInstruction instruction, String text) {
      lines.set(instruction.line() - 1, text);
      for (int l = instruction.line(); l < instruction.endLine(); l++) {
        lines.set(l, "");
      }
    }
  }

  /** A RUN whose {@code go install} becomes {@code go build -o <GOBIN or GOPATH/bin>/}: Go refuses to install cross-compiled binaries into GOBIN. */
  public record InstallRewrite(DockerfileInstruction run, String text) {}

  static final Pattern GO_COMMAND = Pattern.compile("^(?:\\S*/)?go$");
  private static final Pattern ASSIGNMENT = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*=.*", Pattern.DOTALL);
  private static final Pattern IMPORT_C = Pattern.compile("(?m)^\\s*import\\s+\"C\"|^import\\s*\\((?:[^)]*\\n)*?\\s*\"C\"\\s*\\n");
  /** What may run after the go build: file operations on its output, and go commands that run nothing built. */
  private static final Set<String> AFTER_BUILD =
      Set.of("cp", "mv", "mkdir", "rm", "ls", "chmod", "chown", "ln", "echo", "true", ":", "cd", "touch", "install", "test", "[", "set", "export");
  private static final Set<String> GO_SAFE = Set.of("build", "install", "mod", "env", "version", "vet", "list", "clean", "fmt");

  private DockerfileCross() {}

  /**
   * The lint findings that still stand when the build follows {@code plan} in {@code mode}: a
   * {@link LintRule#GO_BUILD_EMULATED} finding of a stage the plan cross-compiles does not happen in
   * this build (the file still compiles under emulation in a plain {@code docker buildx build}); every
   * other finding stands.
   */
  public static List<LintFinding> standing(List<LintFinding> findings, Plan plan, Mode mode) {
    if (mode == Mode.OFF) {
      return List.copyOf(findings);
    }
    List<String> crossed = plan.crossed().stream().map(DockerfileStage::label).toList();
    return findings.stream().filter(f -> !(f.rule() == LintRule.GO_BUILD_EMULATED && crossed.contains(f.stage()))).toList();
  }

  /**
   * The stages built for {@code target} that compile Go off the build platform, each crossed or
   * skipped with its reason; {@code context} is read for cgo ({@code import "C"}) when the stage
   * leaves CGO_ENABLED to Go.
   */
  public static Plan plan(Dockerfile file, Optional<String> target, Optional<Path> context) {
    DockerfileStage targetStage = file.targetStage(target);
    List<DockerfileStage> needed = file.stagesNeededFor(targetStage);
    List<DockerfileStage> crossed = new ArrayList<>();
    List<Skip> skipped = new ArrayList<>();
    Map<Integer, InstallRewrite> installs = new LinkedHashMap<>();
    Optional<String> cgoFile = Optional.empty();
    boolean cgoScanned = false;
    for (DockerfileStage stage : needed) {
      List<DockerfileInstruction> builds = stage.runs().stream().filter(r -> DockerfileLint.GO_BUILD.matcher(r.arguments()).find()).toList();
      if (builds.isEmpty()) {
        continue;
      }
      Optional<String> platform = stage.platform();
      if (file.parent(stage).isPresent()) {
        if (file.effectivePlatform(stage).isEmpty()) {
          skipped.add(new Skip(stage, Reason.BUILT_FROM, "it builds FROM stage " + file.parent(stage).get().label()
              + "; put FROM --platform=$BUILDPLATFORM on the first stage of the chain yourself."));
        }
        continue;
      }
      if (platform.isPresent() && !Dockerfile.refersTo(platform.get(), "TARGETPLATFORM")) {
        continue; // on $BUILDPLATFORM already, or pinned: not ours to change
      }
      Optional<Skip> skip = check(file, stage, targetStage, needed);
      if (skip.isEmpty() && !setsCgo(file, stage)) {
        if (!cgoScanned) {
          cgoFile = context.flatMap(DockerfileCross::cgoFile);
          cgoScanned = true;
        }
        skip = cgoFile.map(f -> new Skip(stage, Reason.USES_CGO, f + " imports \"C\" and the stage leaves CGO_ENABLED to Go: cross-compiled"
            + " with CGO_ENABLED=0 it would be built without those files. Set CGO_ENABLED=0 in the stage if that is what you want."));
      }
      if (skip.isEmpty()) {
        Map<Integer, InstallRewrite> rewrites = new LinkedHashMap<>();
        skip = installRewrites(stage, builds, rewrites);
        if (skip.isEmpty()) {
          installs.putAll(rewrites);
        }
      }
      if (skip.isPresent()) {
        skipped.add(skip.get());
      } else {
        crossed.add(stage);
      }
    }
    return new Plan(file, crossed, skipped, installs);
  }

  /** The plan for buildx, which builds every platform at once: GOARM/GOAMD64 cannot be set per platform there. */
  public static Plan forBuildx(Plan plan, List<Platform> platforms) {
    Optional<Platform> variant = platforms.stream().filter(p -> p.goArm().isPresent() || p.goAmd64().isPresent()).findFirst();
    if (variant.isEmpty() || !plan.applies()) {
      return plan;
    }
    List<Skip> skipped = new ArrayList<>(plan.skipped());
    plan.crossed().forEach(s -> skipped.add(new Skip(s, Reason.VARIANT_UNDER_BUILDX, "buildx builds every platform in one go and "
        + variant.get() + " needs its own GOARM/GOAMD64; write FROM --platform=$BUILDPLATFORM with GOARM=${TARGETVARIANT#v} yourself.")));
    return new Plan(plan.file(), List.of(), skipped, Map.of());
  }

  /** The plan with every crossed stage skipped for {@code reason}: the fallback after a failed ELF check. */
  public static Plan fallBack(Plan plan, Reason reason, String detail) {
    List<Skip> skipped = new ArrayList<>(plan.skipped());
    plan.crossed().forEach(s -> skipped.add(new Skip(s, reason, detail)));
    return new Plan(plan.file(), List.of(), skipped, Map.of());
  }

  private static Optional<Skip> check(Dockerfile file, DockerfileStage stage, DockerfileStage targetStage, List<DockerfileStage> needed) {
    if (file.lineage(targetStage).contains(stage)) {
      return skip(stage, Reason.BUILT_FROM, "it is the image's own stage" + (stage == targetStage ? "" : " (the image builds FROM it)")
          + ": on the build platform the image would be of the build platform. Compile in a stage of its own"
          + " (FROM --platform=$BUILDPLATFORM ... AS build) and COPY --from=build the binary into the image's stage.");
    }
    for (DockerfileStage other : file.stages()) {
      if (other.index() > stage.index() && file.parent(other).filter(stage::equals).isPresent()) {
        return skip(stage, Reason.BUILT_FROM, "stage " + other.label() + " (line " + other.line() + ") builds FROM it and would change platform with it.");
      }
    }
    for (DockerfileInstruction i : file.lineage(stage).stream().flatMap(s -> s.instructions().stream()).toList()) {
      if (i.is("ENV")) {
        Map<String, String> env = Dockerfile.envPairs(i);
        if ("1".equals(env.get("CGO_ENABLED"))) {
          return skip(stage, Reason.USES_CGO, "it sets CGO_ENABLED=1 (line " + i.line() + "): cgo needs a C compiler for each target.");
        }
        for (String v : List.of("GOOS", "GOARCH")) {
          if (env.containsKey(v)) {
            return skip(stage, Reason.SETS_GOOS_GOARCH, "it sets " + v + " itself (line " + i.line() + ").");
          }
        }
      } else if (i.is("RUN")) {
        Matcher cgo = DockerfileLint.CGO.matcher(i.arguments());
        while (cgo.find()) {
          if (cgo.group(2).equals("1")) {
            return skip(stage, Reason.USES_CGO, "it sets CGO_ENABLED=1 (line " + i.line() + "): cgo needs a C compiler for each target.");
          }
        }
        Matcher arch = Pattern.compile("(?<![A-Za-z0-9_$])(GOOS|GOARCH)=").matcher(i.arguments());
        if (arch.find()) {
          return skip(stage, Reason.SETS_GOOS_GOARCH, "it sets " + arch.group(1) + " itself (line " + i.line() + ").");
        }
      }
    }
    Optional<Skip> runs = runsWhatItBuilt(stage);
    if (runs.isPresent()) {
      return runs;
    }
    return copiesOther(file, stage, needed);
  }

  /** Commands after the first go build (in its RUN and the later ones) may only move files; no go run/test/generate anywhere. */
  private static Optional<Skip> runsWhatItBuilt(DockerfileStage stage) {
    boolean built = false;
    for (DockerfileInstruction run : stage.runs()) {
      for (List<String> command : commands(run.arguments())) {
        List<String> words = withoutAssignments(command);
        if (words.isEmpty()) {
          continue;
        }
        String program = words.get(0);
        boolean go = GO_COMMAND.matcher(program).matches();
        String sub = go && words.size() > 1 ? words.get(1) : "";
        if (go && Set.of("run", "test", "generate").contains(sub)) {
          return skip(stage, Reason.RUNS_WHAT_IT_BUILT, "its RUN at line " + run.line() + " runs 'go " + sub
              + "', which runs a Go program it compiles: cross-compiled, that program would be of the target's architecture.");
        }
        if (built && !(go ? GO_SAFE.contains(sub) : AFTER_BUILD.contains(program))) {
          return skip(stage, Reason.RUNS_WHAT_IT_BUILT, "its RUN at line " + run.line() + " runs '" + String.join(" ", words)
              + "' after the go build: it may run what was built, which is of the target's architecture once cross-compiled.");
        }
        if (go && (sub.equals("build") || sub.equals("install"))) {
          built = true;
        }
      }
    }
    return Optional.empty();
  }

  /** What other stages COPY --from (or mount from) this stage must be a go build's output, or arch-independent data. */
  private static Optional<Skip> copiesOther(Dockerfile file, DockerfileStage stage, List<DockerfileStage> needed) {
    List<String> outputs = outputs(stage);
    for (DockerfileStage other : needed) {
      for (DockerfileInstruction i : other.instructions()) {
        if (i.is("RUN") && i.flag("mount").map(m -> mountsFrom(file, m, stage)).orElse(false)) {
          return skip(stage, Reason.COPIES_OTHER_OUTPUT, "stage " + other.label() + " mounts it (line " + i.line() + ").");
        }
        Optional<DockerfileStage> from = i.flag("from").flatMap(file::stage);
        if (!(i.is("COPY") || i.is("ADD")) || from.isEmpty() || from.get() != stage) {
          continue;
        }
        List<String> words = words(i.arguments());
        for (String source : words.subList(0, Math.max(0, words.size() - 1))) {
          String path = absolute("/", source);
          boolean ok = !source.contains("$")
              && (path.startsWith("/etc/") || path.startsWith("/usr/share/") || outputs.stream().anyMatch(o -> o.endsWith("/") ? path.startsWith(o) : path.equals(o) || path.startsWith(o + "/")));
          if (!ok) {
            return skip(stage, Reason.COPIES_OTHER_OUTPUT, "stage " + other.label() + " copies " + source + " from it (line " + i.line()
                + "), which no go build in it wrote: a program installed there would be of the build platform once cross-compiled.");
          }
        }
      }
    }
    return Optional.empty();
  }

  private static boolean mountsFrom(Dockerfile file, String mount, DockerfileStage stage) {
    Matcher m = Pattern.compile("from=([^,\\s]+)").matcher(mount);
    while (m.find()) {
      if (file.stage(m.group(1)).filter(stage::equals).isPresent()) {
        return true;
      }
    }
    return false;
  }

  /** Where the stage's go builds write: each -o (against the WORKDIR), the WORKDIR without -o, GOBIN / GOPATH/bin for go install. */
  private static List<String> outputs(DockerfileStage stage) {
    List<String> out = new ArrayList<>();
    String workdir = "/";
    Map<String, String> env = new LinkedHashMap<>();
    for (DockerfileInstruction i : stage.instructions()) {
      if (i.is("WORKDIR")) {
        workdir = absolute(workdir, Dockerfile.expand(i.arguments().strip(), env));
      } else if (i.is("ENV")) {
        env.putAll(Dockerfile.envPairs(i));
      } else if (i.is("RUN")) {
        for (List<String> command : commands(i.arguments())) {
          List<String> words = withoutAssignments(command);
          if (words.size() < 2 || !GO_COMMAND.matcher(words.get(0)).matches()) {
            continue;
          }
          if (words.get(1).equals("build")) {
            Optional<String> o = flagValue(words, "-o");
            if (o.isPresent()) {
              out.add(absolute(workdir, Dockerfile.expand(o.get(), env)));
            } else {
              out.add(workdir.endsWith("/") ? workdir : workdir + "/");
            }
          } else if (words.get(1).equals("install")) {
            Map<String, String> inline = assignments(command);
            String gobin = inline.getOrDefault("GOBIN", env.getOrDefault("GOBIN", ""));
            if (!gobin.isEmpty() && !gobin.contains("$")) {
              out.add(absolute(workdir, gobin) + "/");
            }
            String gopath = env.getOrDefault("GOPATH", "");
            if (!gopath.isEmpty() && !gopath.contains("$")) {
              out.add(absolute("/", gopath) + "/bin/");
            }
            out.add("/go/bin/");
            out.add("/root/go/bin/");
          }
        }
      }
    }
    return out;
  }

  /** Each {@code go install} of the stage's RUNs becomes {@code go build -o <dir>/}, keeping its flags and packages. */
  private static Optional<Skip> installRewrites(DockerfileStage stage, List<DockerfileInstruction> builds, Map<Integer, InstallRewrite> out) {
    Pattern install = Pattern.compile("(?<![\\w-])((?:\\S*/)?go)\\s+install(?![\\w-])");
    for (DockerfileInstruction run : builds) {
      String args = run.arguments();
      if (!install.matcher(args).find()) {
        continue;
      }
      if (args.startsWith("[") || args.contains("\n")) {
        return skip(stage, Reason.GO_INSTALL_FORM, "its go install at line " + run.line()
            + " is in exec or heredoc form, which the rewrite does not change; use go build -o.");
      }
      StringBuilder text = new StringBuilder();
      for (List<String> command : commandsKeepingSeparators(args)) {
        String joined = String.join("", command);
        List<String> words = withoutAssignments(words(joined));
        if (words.size() >= 2 && GO_COMMAND.matcher(words.get(0)).matches() && words.get(1).equals("install")) {
          if (words.stream().anyMatch(w -> w.contains("@") && !w.startsWith("-"))) {
            return skip(stage, Reason.GO_INSTALL_FORM, "its go install at line " + run.line()
                + " names a package@version, which go build cannot build; install it in a FROM --platform=$BUILDPLATFORM stage yourself.");
          }
          String gobin = assignments(words(joined)).get("GOBIN");
          String dir = gobin != null ? gobin : "${GOBIN:-$(go env GOPATH)/bin}";
          Matcher m = install.matcher(joined);
          m.find();
          joined = joined.substring(0, m.start()) + m.group(1) + " build -o \"" + dir + "/\"" + joined.substring(m.end());
        }
        text.append(joined);
      }
      StringBuilder line = new StringBuilder("RUN");
      run.flags().forEach((k, v) -> line.append(" --").append(k).append(v.isEmpty() ? "" : "=" + v));
      out.put(run.line(), new InstallRewrite(run, line.append(' ').append(text.toString().strip()).toString()));
    }
    return Optional.empty();
  }

  private static Optional<Skip> skip(DockerfileStage stage, Reason reason, String detail) {
    return Optional.of(new Skip(stage, reason, detail));
  }

  static boolean setsCgo(Dockerfile file, DockerfileStage stage) {
    return file.lineage(stage).stream().flatMap(s -> s.instructions().stream())
        .anyMatch(i -> (i.is("ENV") && Dockerfile.envPairs(i).containsKey("CGO_ENABLED"))
            || (i.is("RUN") && DockerfileLint.CGO.matcher(i.arguments()).find()));
  }

  /** The first .go file of the context that imports "C", relative to the context. */
  static Optional<String> cgoFile(Path context) {
    if (!Files.isDirectory(context)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.walk(context)) {
      return files.filter(p -> p.toString().endsWith(".go") && Files.isRegularFile(p))
          .filter(p -> !context.relativize(p).toString().startsWith("target/"))
          .filter(p -> {
            try {
              return IMPORT_C.matcher(Files.readString(p, StandardCharsets.UTF_8)).find();
            } catch (IOException e) {
              return false;
            }
          })
          .map(p -> context.relativize(p).toString())
          .sorted()
          .findFirst();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the build context " + context, e);
    }
  }

  // ------------------------------------------------------------------ shell words

  /** A shell command line split into commands at {@code && || ; |} and newlines, each as words (quotes removed). */
  static List<List<String>> commands(String text) {
    String body = text.strip();
    if (body.startsWith("[")) {
      Matcher m = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(body);
      List<String> words = new ArrayList<>();
      while (m.find()) {
        words.add(m.group(1));
      }
      return List.of(words);
    }
    List<List<String>> out = new ArrayList<>();
    for (List<String> command : commandsKeepingSeparators(body)) {
      out.add(words(String.join("", command)));
    }
    return out;
  }

  /** The text cut at the separators outside quotes; each piece keeps its separator at its end, so joining them gives the text back. */
  private static List<List<String>> commandsKeepingSeparators(String text) {
    List<List<String>> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      current.append(c);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else if (c == '\\' && quote == '"' && i + 1 < text.length()) {
          current.append(text.charAt(++i));
        }
        continue;
      }
      if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '\\' && i + 1 < text.length()) {
        current.append(text.charAt(++i));
      } else if (c == ';' || c == '\n' || c == '|' || c == '&' || c == '(' || c == ')') {
        if ((c == '&' || c == '|') && i + 1 < text.length() && text.charAt(i + 1) == c) {
          current.append(text.charAt(++i));
        }
        out.add(List.of(current.toString()));
        current.setLength(0);
      }
    }
    if (current.length() > 0) {
      out.add(List.of(current.toString()));
    }
    return out;
  }

  /** Shell words of one command, quotes removed; separators dropped. */
  static List<String> words(String command) {
    List<String> out = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < command.length(); i++) {
      char c = command.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
        continue;
      }
      if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (Character.isWhitespace(c) || c == ';' || c == '&' || c == '|' || c == '(' || c == ')') {
        if (inWord) {
          out.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      out.add(word.toString());
    }
    return out;
  }

  private static List<String> withoutAssignments(List<String> words) {
    int i = 0;
    while (i < words.size() && (ASSIGNMENT.matcher(words.get(i)).matches() || words.get(i).equals("env") || words.get(i).equals("exec"))) {
      i++;
    }
    return words.subList(i, words.size());
  }

  private static Map<String, String> assignments(List<String> words) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String w : words) {
      if (w.equals("env")) {
        continue;
      }
      if (!ASSIGNMENT.matcher(w).matches()) {
        break;
      }
      out.put(w.substring(0, w.indexOf('=')), w.substring(w.indexOf('=') + 1));
    }
    return out;
  }

  private static Optional<String> flagValue(List<String> words, String flag) {
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      if ((w.equals(flag) || w.equals("-" + flag)) && i + 1 < words.size()) {
        return Optional.of(words.get(i + 1));
      }
      if (w.startsWith(flag + "=") || w.startsWith("-" + flag + "=")) {
        return Optional.of(w.substring(w.indexOf('=') + 1));
      }
    }
    return Optional.empty();
  }

  private static String absolute(String dir, String path) {
    String p = path.startsWith("/") ? path : (dir.endsWith("/") ? dir : dir + "/") + path;
    boolean slash = p.endsWith("/") && p.length() > 1;
    List<String> parts = new ArrayList<>();
    for (String part : p.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!parts.isEmpty()) {
          parts.remove(parts.size() - 1);
        }
      } else {
        parts.add(part);
      }
    }
    return "/" + String.join("/", parts) + (slash && !parts.isEmpty() ? "/" : "");
  }

  /** For messages: the stages of a plan by label. */
  static String labels(List<DockerfileStage> stages) {
    return stages.stream().map(DockerfileStage::label).collect(Collectors.joining(", "));
  }
}
