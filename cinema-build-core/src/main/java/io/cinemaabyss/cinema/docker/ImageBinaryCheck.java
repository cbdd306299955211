package io.cinemaabyss.cinema.docker;

import com.fasterxml.jackson.databind.JsonNode;
import io.cinemaabyss.cinema.BuildLog;
import io.cinemaabyss.cinema.elf.ElfCheck;
import io.cinemaabyss.cinema.elf.ElfHeader;
import io.cinemaabyss.cinema.golang.GoBinary;
import io.cinemaabyss.cinema.image.Json;
import io.cinemaabyss.cinema.image.PlatformImage;
import io.cinemaabyss.cinema.layout.OciLayout;
import io.cinemaabyss.cinema.platform.Platform;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The ELF check of Go builds, for an image a Dockerfile built: the image config must be of the
 * platform, and the program its entrypoint runs must be an ELF binary of the platform's
 * architecture. A mismatch fails, naming the Dockerfile's likely mistake from the lint findings.
 */
final class ImageBinaryCheck {

  private static final Set<LintRule> EXPLAINING =
      Set.of(LintRule.HARDCODED_GOOS_GOARCH, LintRule.PLATFORM_ARG_UNDECLARED, LintRule.FINAL_STAGE_PINNED);

  private ImageBinaryCheck() {}

  /**
   * Checks {@code image} and copies its entrypoint binary to {@code binDir/<platform>/}.
   *
   * @return the checked binary; empty when the image has no ELF entrypoint to check (logged)
   */
  static Optional<GoBinary> check(OciLayout layout, PlatformImage image, Dockerfile file, List<LintFinding> findings, Path binDir, BuildLog log) {
    Platform platform = image.platform();
    JsonNode manifest = Json.parse(layout.readBlob(image.manifest().digest()), "manifest " + image.manifest().digest());
    JsonNode config = Json.parse(layout.readBlob(image.configDigest()), "config " + image.configDigest());
    if (!DockerArchiveImport.sameArchitecture(config, platform)) {
      String actual = config.path("os").asText("?") + "/" + config.path("architecture").asText("?");
      throw new DockerfileBinaryMismatchException(
          "The " + platform + " image built from " + file.source() + " is a " + actual + " image (its config says so): the final stage's base"
              + " has no " + platform.architecture() + " variant, or the stage is pinned to one platform." + explain(file, findings),
          platform, causes(findings));
    }
    JsonNode c = config.path("config");
    List<String> command = new ArrayList<>();
    c.path("Entrypoint").forEach(n -> command.add(n.asText()));
    if (command.isEmpty()) {
      c.path("Cmd").forEach(n -> command.add(n.asText()));
    }
    if (command.isEmpty()) {
      log.warn(platform + ": the image has neither Entrypoint nor Cmd; no binary to check.");
      return Optional.empty();
    }
    String program = command.get(0);
    List<String> path = new ArrayList<>();
    for (JsonNode env : c.path("Env")) {
      if (env.asText().startsWith("PATH=")) {
        path.addAll(List.of(env.asText().substring(5).split(":")));
      }
    }
    if (path.isEmpty()) {
      path.addAll(List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"));
    }
    JsonNode layers = manifest.path("layers");
    LayerFiles files = LayerFiles.index(layers.size(), i -> layout.openBlob(layers.get(i).path("digest").asText()));
    Optional<String> resolved = files.which(program, path, c.path("WorkingDir").asText(""));
    if (resolved.isEmpty()) {
      log.warn(platform + ": the entrypoint " + program + " is not a file in the image; a container of it would not start.");
      return Optional.empty();
    }
    byte[] head = files.head(resolved.get(), ElfHeader.IDENT_LENGTH);
    Optional<ElfHeader> elf = ElfHeader.parse(head);
    if (elf.isEmpty()) {
      boolean script = head.length > 2 && new String(head, 0, 2, StandardCharsets.ISO_8859_1).equals("#!");
      log.info(platform + ": the entrypoint /" + resolved.get() + " is " + (script ? "a script" : "not an ELF binary") + "; its architecture is not checked.");
      return Optional.empty();
    }
    if (!ElfCheck.matches(elf.get(), platform)) {
      throw new DockerfileBinaryMismatchException(
          "The " + platform + " image built from " + file.source() + " runs /" + resolved.get() + ", which is " + elf.get() + ", not "
              + platform.architecture() + ": it would fail with 'exec format error' on " + platform + " nodes." + explain(file, findings),
          platform, causes(findings));
    }
    String name = resolved.get().substring(resolved.get().lastIndexOf('/') + 1);
    Path copy = binDir.resolve(platform.slug()).resolve(name);
    files.copy(resolved.get(), copy);
    log.info("Checked " + platform + ": /" + resolved.get() + " is " + elf.get());
    return Optional.of(new GoBinary(platform, copy, elf.get()));
  }

  private static List<LintFinding> causes(List<LintFinding> findings) {
    return findings.stream().filter(f -> EXPLAINING.contains(f.rule())).toList();
  }

  private static String explain(Dockerfile file, List<LintFinding> findings) {
    List<LintFinding> causes = causes(findings);
    if (causes.isEmpty()) {
      return " Check the stage that builds it in " + file.source() + ": it should compile with GOOS=$TARGETOS GOARCH=$TARGETARCH"
          + " (ARG TARGETOS TARGETARCH in that stage), and the final stage should have no --platform.";
    }
    return " The Dockerfile's mistake:" + causes.stream().map(f -> System.lineSeparator() + "  " + f).collect(Collectors.joining());
  }
}
