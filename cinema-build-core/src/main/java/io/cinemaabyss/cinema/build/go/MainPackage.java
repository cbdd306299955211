package io.cinemaabyss.cinema.build.go;

import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.process.Command;
import io.cinemaabyss.cinema.process.ProcessResult;
import io.cinemaabyss.cinema.process.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks, before compiling, that the main package names a program: a directory that exists and
 * holds {@code package main}. Otherwise go build makes no binary, or an archive, and the error would
 * come late and say something else ("not an ELF binary").
 */
final class MainPackage {

  private static final Duration LIST_TIMEOUT = Duration.ofSeconds(120);
  private static final String NAME = "name=";
  private static final String CGO = "cgo=";
  /** From Go 1.18, go list stamps version control information unless told not to: a git status per call, which these checks do not need. */
  private static final GoVersion BUILDVCS = new GoVersion(1, 18, 0, 0);

  private final GoToolchain toolchain;
  private final Map<String, String> environment;

  MainPackage(GoToolchain toolchain, Map<String, String> environment) {
    this.toolchain = toolchain;
    this.environment = environment;
  }

  /**
   * Fails when the main package is not {@code package main}, and (with cgo off and the cgo check on)
   * when packages it imports have cgo files for {@code platform}: built without cgo they are left out
   * or become stubs that fail at run time. Both from one {@code go list}.
   */
  void require(Path moduleDir, GoBuildOptions options, Optional<io.cinemaabyss.cinema.oci.Platform> platform) {
    String pkg = options.mainPackage();
    if (pkg.startsWith(".")) {
      Path dir = moduleDir.resolve(pkg).normalize();
      if (!Files.isDirectory(dir)) {
        throw new CinemaException("The main package '" + pkg + "' (cinema.mainPackage) is not a directory: there is no " + dir + "."
            + mains(moduleDir, options));
      }
    }
    boolean cgoCheck = platform.isPresent() && !options.cgo() && options.cgoCheck();
    Optional<String> out;
    if (cgoCheck) {
      Map<String, String> cgoOn = new LinkedHashMap<>(options.env());
      cgoOn.put("CGO_ENABLED", "1");
      cgoOn.put("GOOS", platform.get().os());
      cgoOn.put("GOARCH", platform.get().architecture());
      out = goList(moduleDir, options.withEnv(cgoOn),
          "{{if not .DepOnly}}" + NAME + "{{.Name}}\n{{end}}{{if and (not .Standard) .CgoFiles}}" + CGO + "{{.ImportPath}}\n{{end}}", "-deps", pkg);
    } else {
      out = goList(moduleDir, options, NAME + "{{.Name}}", pkg);
    }
    List<String> lines = out.map(o -> o.lines().map(String::strip).filter(l -> !l.isEmpty()).toList()).orElse(List.of());
    List<String> names = lines.stream().filter(l -> l.startsWith(NAME)).map(l -> l.substring(NAME.length())).toList();
    if (names.size() == 1 && !names.get(0).isEmpty() && !names.get(0).equals("main")) {
      throw new CinemaException("The main package '" + pkg + "' (cinema.mainPackage) is package " + names.get(0)
          + ", not package main: go build makes no program of it." + mains(moduleDir, options));
    }
    // not main, or go list could not tell: go build will say what is wrong
    List<String> packages = lines.stream().filter(l -> l.startsWith(CGO)).map(l -> l.substring(CGO.length())).toList();
    if (!packages.isEmpty()) {
      throw new CinemaException("These packages need cgo, which is off (CGO_ENABLED=0, the default): " + String.join(", ", packages)
          + ". Built without it they are left out or become stubs that fail at run time. Either use a pure-Go alternative"
          + " (such as modernc.org/sqlite for github.com/mattn/go-sqlite3), or set <cgo>true</cgo> (cinema.cgo) with a C cross"
          + " compiler for each platform. If such a package has a pure-Go fallback you rely on, set <cgoCheck>false</cgoCheck>"
          + " (cinema.cgoCheck).");
    }
  }

  /** " Main packages in this module: ./cmd/a, ./cmd/b. Set ..." or a hint when it has none. */
  private String mains(Path moduleDir, GoBuildOptions options) {
    List<String> found = new ArrayList<>();
    goList(moduleDir, options, "{{if eq .Name \"main\"}}{{.Dir}}{{end}}", "./...").ifPresent(out -> {
      for (String line : out.split("\n")) {
        if (!line.isBlank()) {
          String rel = moduleDir.toAbsolutePath().normalize().relativize(Path.of(line.strip())).toString();
          found.add(rel.isEmpty() ? "." : "./" + rel);
        }
      }
    });
    return found.isEmpty()
        ? " The module " + moduleDir + " has no package main."
        : " Main packages in " + moduleDir + ": " + String.join(", ", found) + ". Set <mainPackage> (cinema.mainPackage) to one of them.";
  }

  private Optional<String> goList(Path moduleDir, GoBuildOptions options, String format, String... patterns) {
    List<String> command = new ArrayList<>(List.of(toolchain.executable().toString(), "list", "-e", "-f", format));
    if (GoVersion.parse(toolchain.version()).filter(v -> v.compareTo(BUILDVCS) >= 0).isPresent()) {
      command.add("-buildvcs=false");
    }
    if (!options.tags().isEmpty()) {
      command.add("-tags=" + String.join(",", options.tags()));
    }
    options.extraArgs().stream().filter(a -> a.startsWith("-mod")).forEach(command::add);
    command.addAll(List.of(patterns));
    Map<String, String> env = new LinkedHashMap<>(environment);
    env.putAll(options.env());
    ProcessResult result = ProcessRunner.run(Command.of(command, LIST_TIMEOUT).in(moduleDir).withEnvironment(env));
    return result.succeeded() ? Optional.of(result.stdout()) : Optional.empty();
  }
}
