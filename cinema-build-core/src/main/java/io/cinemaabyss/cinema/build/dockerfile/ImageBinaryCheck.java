package io.cinemaabyss.cinema.build.dockerfile;

import io.cinemaabyss.cinema.BuildLog;
import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.assemble.PlatformImage;
import io.cinemaabyss.cinema.build.go.GoBinary;
import io.cinemaabyss.cinema.check.EntrypointFinding;
import io.cinemaabyss.cinema.check.EntrypointResolver;
import io.cinemaabyss.cinema.check.FileLocation;
import io.cinemaabyss.cinema.check.LayerReader;
import io.cinemaabyss.cinema.check.elf.ElfCheck;
import io.cinemaabyss.cinema.check.elf.ElfHeader;
import io.cinemaabyss.cinema.layout.LayoutStore;
import io.cinemaabyss.cinema.layout.OciLayout;
import io.cinemaabyss.cinema.oci.ConfigFile;
import io.cinemaabyss.cinema.oci.Descriptor;
import io.cinemaabyss.cinema.oci.Manifest;
import io.cinemaabyss.cinema.oci.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    LayoutStore source = new LayoutStore(layout, image.manifest().digest().toString());
    Manifest manifest = (Manifest) source.manifest("");
    ConfigFile config = ConfigFile.parse(layout.readBlob(image.configDigest()), "config " + image.configDigest());
    if (!DockerArchiveImport.sameArchitecture(config, platform)) {
      String actual = config.platformText();
      throw new DockerfileBinaryMismatchException(
          "The " + platform + " image built from " + file.source() + " is a " + actual + " image (its config says so): the final stage's base"
              + " has no " + platform.architecture() + " variant, or the stage is pinned to one platform." + explain(file, findings),
          platform, causes(findings));
    }
    List<Descriptor> layers = manifest.layers();
    EntrypointFinding entrypoint = EntrypointResolver.analyse(source, layers, config);
    switch (entrypoint.kind()) {
      case NO_COMMAND -> {
        log.warn(platform + ": the image has neither Entrypoint nor Cmd; no binary to check.");
        return Optional.empty();
      }
      case NOT_FOUND, NOT_A_FILE, ERROR -> {
        log.warn(platform + ": the entrypoint " + entrypoint.command().get(0) + " is not a file in the image; a container of it would not start ("
            + entrypoint.detail() + ").");
        return Optional.empty();
      }
      default -> {}
    }
    // a shell-form command runs the shell's binary: its architecture is checked like any entrypoint's
    boolean binary = entrypoint.kind() == EntrypointFinding.Kind.ELF || entrypoint.kind() == EntrypointFinding.Kind.SHELL_FORM;
    String resolved = entrypoint.resolvedPath();
    if (!binary || entrypoint.elf().isEmpty()) {
      String what = entrypoint.kind() == EntrypointFinding.Kind.SCRIPT ? "a script" : "not an ELF binary";
      log.info(platform + ": the entrypoint " + resolved + " is " + what + "; its architecture is not checked.");
      return Optional.empty();
    }
    ElfHeader elf = entrypoint.elf().get();
    if (!ElfCheck.matches(elf, platform)) {
      throw new DockerfileBinaryMismatchException(
          "The " + platform + " image built from " + file.source() + " runs " + resolved + ", which is " + elf + ", not "
              + platform.architecture() + ": it would fail with 'exec format error' on " + platform + " nodes." + explain(file, findings),
          platform, causes(findings));
    }
    FileLocation location = entrypoint.location().orElseThrow();
    Path copy = binDir.resolve(platform.slug()).resolve(resolved.substring(resolved.lastIndexOf('/') + 1));
    extract(layout, layers.get(location.layer() - 1), location, copy);
    log.info("Checked " + platform + ": " + resolved + " is " + elf);
    return Optional.of(new GoBinary(platform, copy, elf));
  }

  private static void extract(OciLayout layout, Descriptor layer, FileLocation location, Path copy) {
    try (InputStream in = layout.openBlob(layer.digest())) {
      Files.createDirectories(copy.toAbsolutePath().getParent());
      if (!LayerReader.extract(in, layer.digest().toString(), location.entryName(), copy)) {
        throw new CinemaException("Cannot copy " + location + " out of the image: the layer has no such file.");
      }
      copy.toFile().setExecutable(true);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot copy " + location + " out of the image", e);
    }
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
