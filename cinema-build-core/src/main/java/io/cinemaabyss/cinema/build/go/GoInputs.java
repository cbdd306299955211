package io.cinemaabyss.cinema.build.go;

import io.cinemaabyss.cinema.CinemaVersion;
import io.cinemaabyss.cinema.oci.Digest;
import io.cinemaabyss.cinema.process.Command;
import io.cinemaabyss.cinema.process.ProcessException;
import io.cinemaabyss.cinema.process.ProcessResult;
import io.cinemaabyss.cinema.process.ProcessRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Everything a {@code go build} reads, as one digest, so that a build whose inputs did not change
 * need not run {@code go build} again: Go caches compiled packages but not linked programs, so an
 * unchanged build still relinks every binary.
 *
 * <p>The digest covers the toolchain (its real path, size, times and version), the Go environment
 * (every GO* and CGO_* variable but GOCACHE and GOTMPDIR, CC and friends, PATH, HOME, the go env file), the command line,
 * every file under the module and under each local {@code replace} directory (name, size,
 * modification and change time, inode: one stat each, no content read), and what go stamps from
 * git (the commit and whether the tree is modified). Dependencies in the module cache are fixed by
 * go.mod and go.sum, which are among the files. There is no digest, so go build always runs, when
 * the answer could be wrong: cgo (C headers and libraries outside the module), a go.work
 * workspace, GOPATH mode, {@code -a}, {@code -modfile}, {@code -overlay}, {@code -toolexec}, a
 * directory symlink, a VCS other than git, more than {@value #MAX_ENTRIES} files, or a file changed
 * in the last {@link #RACY} (a file system with coarse times could not tell a later change).
 */
final class GoInputs {

  static final int MAX_ENTRIES = 50_000;
  static final Duration RACY = Duration.ofSeconds(2);
  private static final String STAMP_HEADER = "cinema go inputs 1";
  private static final Duration GIT_TIMEOUT = Duration.ofSeconds(60);
  private static final Set<String> TOOL_VARIABLES = Set.of(
      "CC", "CXX", "AR", "FC", "GCCGO", "PKG_CONFIG", "PATH", "HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME");
  private static final List<String> OTHER_VCS = List.of(".hg", ".svn", ".bzr", ".fslckout", "_FOSSIL_");

  private GoInputs() {}

  /**
   * The digest of what every platform's build shares, or empty (with the reason given to {@code
   * why}) when it cannot be trusted and go build must run.
   *
   * @param excluded directories under the module that are not Go inputs: the build's own output
   */
  static Optional<String> shared(
      Path moduleDir, GoToolchain toolchain, Map<String, String> environment, GoBuildOptions options, List<Path> excluded,
      Instant now, Consumer<String> why) {
    try {
      Optional<String> refusal = refusal(moduleDir, environment, options);
      if (refusal.isPresent()) {
        why.accept(refusal.get());
        return Optional.empty();
      }
      StringBuilder out = new StringBuilder(STAMP_HEADER).append('\n').append("cinema ").append(CinemaVersion.get()).append('\n');
      Path go = toolchain.executable().toRealPath();
      out.append("go ").append(toolchain.version()).append(' ').append(go).append(' ').append(stat(go)).append('\n');
      Path envFile = goEnvFile(environment);
      out.append("go env file ").append(envFile == null ? "off" : envFile + " " + contentDigest(envFile)).append('\n');
      Path moduleRoot = moduleDir.toAbsolutePath().normalize();
      List<Path> roots = new ArrayList<>(List.of(moduleRoot));
      for (String target : localReplacements(moduleDir.resolve("go.mod"))) {
        Path root = moduleDir.resolve(target).toAbsolutePath().normalize();
        boolean walked = root.startsWith(moduleRoot) && excluded.stream().map(p -> p.toAbsolutePath().normalize()).noneMatch(root::startsWith);
        if (!walked) {
          roots.add(root); // a replacement inside the module (./third_party/x) is walked with it
        }
      }
      Instant racyAfter = now.minus(RACY);
      int[] entries = {0};
      for (Path root : roots) {
        Optional<String> tree = tree(root, excluded, racyAfter, entries, out);
        if (tree.isPresent()) {
          why.accept(tree.get());
          return Optional.empty();
        }
      }
      Optional<String> vcs = vcs(moduleDir, environment, out);
      if (vcs.isPresent()) {
        why.accept(vcs.get());
        return Optional.empty();
      }
      return Optional.of(Digest.of(out.toString().getBytes(StandardCharsets.UTF_8)).hex());
    } catch (IOException | RuntimeException e) {
      why.accept("the Go inputs could not be read (" + e.getMessage() + ")");
      return Optional.empty();
    }
  }

  /** One platform's digest: the shared one, the Go variables go build gets, and its command line. */
  static String platform(String shared, Map<String, String> environment, List<String> command) {
    StringBuilder out = new StringBuilder(shared).append('\n');
    new TreeMap<>(environment).forEach((name, value) -> {
      if (goVariable(name)) {
        out.append("env ").append(name).append('=').append(value).append('\n');
      }
    });
    command.forEach(argument -> out.append("arg ").append(argument).append('\n'));
    return Digest.of(out.toString().getBytes(StandardCharsets.UTF_8)).hex();
  }

  /**
   * The SHA-256 (hex) of {@code binary} if it was built from inputs with digest {@code key} and is
   * still the file that build wrote; empty otherwise.
   */
  static Optional<String> upToDate(Path binary, String key) {
    Path stamp = stampOf(binary);
    try {
      if (!Files.isRegularFile(stamp, LinkOption.NOFOLLOW_LINKS) || !Files.isRegularFile(binary, LinkOption.NOFOLLOW_LINKS)) {
        return Optional.empty();
      }
      List<String> lines = Files.readAllLines(stamp, StandardCharsets.UTF_8);
      if (lines.size() != 4 || !lines.subList(0, 3).equals(List.of(STAMP_HEADER, "key " + key, "binary " + stat(binary)))
          || !lines.get(3).matches("sha256 [0-9a-f]{64}")) {
        return Optional.empty();
      }
      return Optional.of(lines.get(3).substring("sha256 ".length()));
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // an unreadable stamp only costs a go build
    }
  }

  /**
   * Records that {@code binary}, as it is now, was built from inputs with digest {@code key}; its
   * SHA-256 (hex), read once here, is given back.
   */
  static Optional<String> record(Path binary, String key) {
    Path stamp = stampOf(binary);
    try {
      String stat = stat(binary);
      String sha256;
      try (java.io.InputStream in = Files.newInputStream(binary)) {
        sha256 = Digest.of(in).digest().hex();
      }
      if (!stat.equals(stat(binary))) {
        forget(binary);
        return Optional.empty(); // changed while read
      }
      Path temp = Files.createTempFile(stamp.getParent(), stamp.getFileName().toString(), ".tmp");
      try {
        Files.writeString(temp, STAMP_HEADER + "\nkey " + key + "\nbinary " + stat + "\nsha256 " + sha256 + "\n", StandardCharsets.UTF_8);
        Files.move(temp, stamp, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(temp);
      }
      return Optional.of(sha256);
    } catch (IOException | RuntimeException e) {
      forget(binary); // no stamp: the next build runs go build
      return Optional.empty();
    }
  }

  /** Drops the record of {@code binary}, before go build rewrites it. */
  static void forget(Path binary) {
    try {
      Files.deleteIfExists(stampOf(binary));
    } catch (IOException e) {
      // a stamp that cannot be deleted cannot match the new binary's times either
    }
  }

  static Path stampOf(Path binary) {
    return binary.resolveSibling("." + binary.getFileName() + ".go-inputs");
  }

  /** Where go keeps its caches and scratch files: never in the binary, so a build with another is still the same build. */
  private static final Set<String> PLACES = Set.of("GOCACHE", "GOTMPDIR");

  private static boolean goVariable(String name) {
    return !PLACES.contains(name) && name.startsWith("GO") || name.startsWith("CGO_") || name.startsWith("GIT_") || TOOL_VARIABLES.contains(name);
  }

  private static Optional<String> refusal(Path moduleDir, Map<String, String> environment, GoBuildOptions options) {
    if (options.cgo()) {
      return Optional.of("cgo is on: C headers and libraries outside the module are inputs too");
    }
    if (environment.getOrDefault("GO111MODULE", "").trim().equals("off")) {
      return Optional.of("GO111MODULE=off: GOPATH mode reads sources outside the module");
    }
    List<String> flags = new ArrayList<>(List.of(environment.getOrDefault("GOFLAGS", "").trim().split("\\s+")));
    flags.addAll(options.extraArgs());
    for (String flag : flags) {
      String name = flag.replaceFirst("^--", "-").replaceFirst("=.*", "");
      if (name.equals("-a") && !flag.endsWith("=false")) {
        return Optional.of("go build -a asks for a full rebuild");
      }
      if (List.of("-modfile", "-overlay", "-toolexec", "-pgo").contains(name) && !flag.endsWith("=off")) {
        return Optional.of("go build " + name + " reads files this check does not follow");
      }
    }
    String gowork = environment.getOrDefault("GOWORK", "").trim();
    if (!gowork.isEmpty() && !gowork.equals("off")) {
      return Optional.of("GOWORK=" + gowork + " makes a workspace of other modules");
    }
    if (gowork.isEmpty()) {
      for (Path dir = moduleDir.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
        if (Files.exists(dir.resolve("go.work"))) {
          return Optional.of(dir.resolve("go.work") + " makes a workspace of other modules");
        }
      }
    }
    return Optional.empty();
  }

  /** Where {@code go env -w} keeps its settings, as go finds it; null when GOENV=off. */
  private static Path goEnvFile(Map<String, String> environment) {
    String goenv = environment.getOrDefault("GOENV", "").trim();
    if (goenv.equals("off")) {
      return null;
    }
    if (!goenv.isEmpty()) {
      return Path.of(goenv);
    }
    String config = environment.getOrDefault("XDG_CONFIG_HOME", "").trim();
    if (config.isEmpty()) {
      config = environment.getOrDefault("HOME", "").trim() + "/.config";
    }
    return Path.of(config, "go", "env");
  }

  private static String contentDigest(Path file) throws IOException {
    return Files.isRegularFile(file) ? Digest.of(Files.readAllBytes(file)).hex() : "none";
  }

  /** The directories of {@code replace ... => ./dir} (or ../dir, /dir) lines of go.mod: inputs outside the module. */
  static List<String> localReplacements(Path goMod) throws IOException {
    List<String> targets = new ArrayList<>();
    boolean block = false;
    for (String raw : Files.readAllLines(goMod, StandardCharsets.UTF_8)) {
      String line = raw.replaceFirst("//.*", "").trim();
      if (line.matches("replace\\s*\\(")) {
        block = true;
        continue;
      }
      if (block && line.equals(")")) {
        block = false;
        continue;
      }
      if (!(block || line.startsWith("replace ") || line.startsWith("replace\t")) || !line.contains("=>")) {
        continue;
      }
      String right = line.substring(line.indexOf("=>") + 2).trim();
      String target = right.split("\\s+")[0].replaceAll("^\"|\"$", "");
      if (target.startsWith("./") || target.startsWith("../") || target.startsWith("/") || target.equals(".") || target.equals("..")) {
        targets.add(target);
      }
    }
    return targets;
  }

  /** Appends one line per file and directory under {@code root}; a reason instead when the tree cannot be trusted. */
  private static Optional<String> tree(Path root, List<Path> excluded, Instant racyAfter, int[] entries, StringBuilder out)
      throws IOException {
    if (!Files.isDirectory(root)) {
      out.append("missing ").append(root).append('\n');
      return Optional.empty();
    }
    List<Path> skip = excluded.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    List<String> lines = new ArrayList<>();
    String[] reason = {null};
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        if (!dir.equals(root) && (skip.contains(dir) || dir.getFileName().toString().equals(".git"))) {
          return FileVisitResult.SKIP_SUBTREE;
        }
        lines.add("d " + root.relativize(dir));
        return count() ? FileVisitResult.CONTINUE : FileVisitResult.TERMINATE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        if (file.getFileName().toString().equals(".git")) {
          return FileVisitResult.CONTINUE; // a worktree's pointer: git's state is read below
        }
        String line;
        if (attrs.isSymbolicLink()) {
          if (Files.isDirectory(file)) {
            reason[0] = file + " is a symbolic link to a directory";
            return FileVisitResult.TERMINATE;
          }
          line = "l " + root.relativize(file) + " -> " + Files.readSymbolicLink(file)
              + (Files.exists(file) ? " " + checked(file) : " dangling");
        } else {
          line = "f " + root.relativize(file) + " " + checked(file, LinkOption.NOFOLLOW_LINKS);
        }
        if (reason[0] != null) {
          return FileVisitResult.TERMINATE;
        }
        lines.add(line);
        return count() ? FileVisitResult.CONTINUE : FileVisitResult.TERMINATE;
      }

      private String checked(Path file, LinkOption... options) throws IOException {
        Map<String, Object> a = Files.readAttributes(file, "unix:size,lastModifiedTime,ctime,ino", options);
        Instant latest = later(((FileTime) a.get("lastModifiedTime")).toInstant(), ((FileTime) a.get("ctime")).toInstant());
        if (!latest.isBefore(racyAfter)) {
          reason[0] = file + " changed less than " + RACY.toSeconds() + " s ago";
        }
        return a.get("size") + " " + a.get("lastModifiedTime") + " " + a.get("ctime") + " " + a.get("ino");
      }

      private boolean count() {
        if (++entries[0] > MAX_ENTRIES) {
          reason[0] = "the module has more than " + MAX_ENTRIES + " files";
          return false;
        }
        return true;
      }
    });
    if (reason[0] != null) {
      return Optional.of(reason[0]);
    }
    Collections.sort(lines);
    out.append("tree ").append(root).append('\n');
    lines.forEach(l -> out.append(l).append('\n'));
    return Optional.empty();
  }

  /** What go stamps from version control (vcs.revision, vcs.time, vcs.modified), asked the way go asks git. */
  private static Optional<String> vcs(Path moduleDir, Map<String, String> environment, StringBuilder out) {
    for (Path dir = moduleDir.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve(".git"))) {
        ProcessResult status = git(dir, environment, "status", "--porcelain");
        ProcessResult head = git(dir, environment, "-c", "log.showsignature=false", "show", "-s", "--format=%H:%ct");
        if (status == null || head == null) {
          out.append("git not runnable\n");
        } else {
          out.append("git ").append(dir).append(' ').append(status.exitCode()).append(' ')
              .append(status.stdout().isEmpty() ? "clean" : "modified").append(' ')
              .append(head.exitCode()).append(' ').append(head.stdout().strip()).append('\n');
        }
        return Optional.empty();
      }
      for (String marker : OTHER_VCS) {
        if (Files.exists(dir.resolve(marker))) {
          return Optional.of("the module is in a " + marker + " checkout, whose state go stamps and this check does not read");
        }
      }
    }
    out.append("no vcs\n");
    return Optional.empty();
  }

  private static ProcessResult git(Path dir, Map<String, String> environment, String... arguments) {
    List<String> command = new ArrayList<>(List.of("git"));
    command.addAll(List.of(arguments));
    try {
      ProcessResult result = ProcessRunner.run(Command.of(command, GIT_TIMEOUT).in(dir).withEnvironment(environment));
      return result.timedOut() ? null : result;
    } catch (ProcessException e) {
      return null;
    }
  }

  private static String stat(Path file) throws IOException {
    Map<String, Object> a = Files.readAttributes(file, "unix:size,lastModifiedTime,ctime,ino");
    return a.get("size") + " " + a.get("lastModifiedTime") + " " + a.get("ctime") + " " + a.get("ino");
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
