package io.cinemaabyss.cinema.build.dockerfile;

import io.cinemaabyss.cinema.BuildLog;
import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.assemble.BaseImage;
import io.cinemaabyss.cinema.assemble.BuildResult;
import io.cinemaabyss.cinema.assemble.PlatformImage;
import io.cinemaabyss.cinema.assemble.SourceDateEpoch;
import io.cinemaabyss.cinema.build.go.GoBinary;
import io.cinemaabyss.cinema.host.BinfmtRegistration;
import io.cinemaabyss.cinema.host.DockerHost;
import io.cinemaabyss.cinema.host.HostEmulation;
import io.cinemaabyss.cinema.layout.OciLayout;
import io.cinemaabyss.cinema.oci.Descriptor;
import io.cinemaabyss.cinema.oci.ImageAnnotations;
import io.cinemaabyss.cinema.oci.ImageIndexAssembler;
import io.cinemaabyss.cinema.oci.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The front door for services built from a Dockerfile: lints it, checks that the host can emulate
 * what must run on foreign platforms, builds every platform (with {@code docker buildx} when it is
 * installed, else per platform through the Docker Engine API), checks each image's entrypoint
 * binary by its ELF header, and joins the images in an index tagged in an OCI layout, exactly as
 * {@link io.cinemaabyss.cinema.assemble.GoImageBuild} does for Go services. What to build is one
 * {@link DockerfileBuildOptions}; the setters here choose how (builder, names, times).
 *
 * <pre>{@code
 * BuildResult result = DockerfileImageBuild.of(DockerfileBuildOptions.of(Path.of("events-service/Dockerfile")))
 *     .builder(Builder.ENGINE_API)
 *     .buildTo(Path.of("target/cinema/oci"), "1.0.0");
 * }</pre>
 */
public final class DockerfileImageBuild {

  /** Which builder runs the Dockerfile. */
  public enum Builder {
    /** buildx when {@code docker buildx version} works, else the Engine API. */
    AUTO,
    /** {@code docker buildx build}, all platforms at once, through a docker-container builder. */
    BUILDX,
    /** The Docker Engine API's classic builder, one platform after the other. */
    ENGINE_API
  }

  public static final String DEFAULT_BUILDX_BUILDER = "cinema-build";

  private final DockerfileBuildOptions options;
  private Builder builder = Builder.AUTO;
  private String buildxBuilderName = DEFAULT_BUILDX_BUILDER;
  private Optional<Instant> creationTime = Optional.empty();
  private Optional<Path> workDirectory = Optional.empty();
  private Optional<String> localImageName = Optional.empty();
  private BuildLog log = BuildLog.NONE;

  private DockerfileImageBuild(DockerfileBuildOptions options) {
    this.options = options;
  }

  /** A build of what {@code options} ask for; the setters below choose how it runs. */
  public static DockerfileImageBuild of(DockerfileBuildOptions options) {
    return new DockerfileImageBuild(options);
  }

  public DockerfileImageBuild builder(Builder value) {
    this.builder = value;
    return this;
  }

  /** The name of the buildx builder to create or reuse; by default {@value #DEFAULT_BUILDX_BUILDER}. */
  public DockerfileImageBuild buildxBuilderName(String value) {
    if (value != null && !value.isBlank()) {
      this.buildxBuilderName = value.strip();
    }
    return this;
  }

  /** The index's creation time annotation; by default SOURCE_DATE_EPOCH, else the epoch. */
  public DockerfileImageBuild creationTime(Instant value) {
    this.creationTime = Optional.ofNullable(value);
    return this;
  }

  /** Where archives and checked binaries go; by default {@code <layout>/../cinema-work}. */
  public DockerfileImageBuild workDirectory(Path value) {
    this.workDirectory = Optional.ofNullable(value);
    return this;
  }

  /**
   * The name the per-platform images get in the daemon ({@code <name>:<tag>-<os>-<arch>}), to run
   * them with docker run; by default {@code cinema-build/<context directory name>}.
   */
  public DockerfileImageBuild localImageName(String value) {
    this.localImageName = Optional.ofNullable(value).filter(v -> !v.isBlank());
    return this;
  }

  public DockerfileImageBuild log(BuildLog value) {
    this.log = value;
    return this;
  }

  /** Parses and lints the Dockerfile without building. */
  public List<LintFinding> lint() {
    return DockerfileLint.lint(Dockerfile.parse(options.dockerfile()), options.target());
  }

  /** Builds every platform and tags the index as {@code tag} in the OCI layout at {@code layoutDir}. */
  public BuildResult buildTo(Path layoutDir, String tag) {
    if (tag == null || tag.isBlank()) {
      throw new CinemaException("No tag for the OCI layout: give one, such as the image's version.");
    }
    Dockerfile file = Dockerfile.parse(options.dockerfile());
    Path contextDir = options.context().orElse(options.dockerfile().getParent());
    DockerfileStage targetStage = file.targetStage(options.target());
    List<LintFinding> findings = DockerfileLint.lint(file, options.target());
    DockerfileCross.Plan plan = DockerfileCross.plan(file, options.target(), Optional.of(contextDir));
    List<LintFinding> standing = DockerfileCross.standing(findings, plan, options.cross());
    for (LintFinding finding : findings) {
      if (standing.contains(finding)) {
        log.warn(finding.toString());
      } else {
        log.info(finding + " Not in this build: dockerfileCross=auto cross-compiles the stage (a plain docker buildx build of the file still emulates it).");
      }
    }
    if (options.failOnLint() && !standing.isEmpty()) {
      throw new DockerfileLintException(file.source(), standing);
    }
    for (String name : options.buildArgs().keySet()) {
      if (Dockerfile.PLATFORM_ARGS.contains(name)) {
        log.warn("Build arg " + name + " is set per platform by the build; the configured value is ignored.");
      }
    }

    Path work = workDirectory.orElse(layoutDir.toAbsolutePath().getParent().resolve("cinema-work"));
    DockerHost host = DockerHost.resolve(options.dockerHost(), options.environment());
    Instant created = creationTime.orElseGet(() -> SourceDateEpoch.creationTime(options.environment(), options.context().orElse(options.dockerfile().getParent())));
    boolean useBuildx =
        switch (builder) {
          case BUILDX -> {
            if (!BuildxBuilder.available(host)) {
              throw new DockerfileBuildException(
                  "docker buildx is not available ('docker buildx version' fails): install the buildx plugin, or build through"
                      + " the Docker Engine API (builder ENGINE_API, or AUTO).");
            }
            yield true;
          }
          case ENGINE_API -> false;
          case AUTO -> BuildxBuilder.available(host);
        };
    String building = "Building " + file.source() + (options.target().map(t -> " (target " + t + ")").orElse("")) + " for "
        + options.platforms().stream().map(Platform::toString).collect(Collectors.joining(", ")) + " with "
        + (useBuildx ? "docker buildx" : "the Docker Engine API at " + host + " (no buildx: one platform at a time)");

    OciLayout layout = OciLayout.create(layoutDir);
    // the OCI labels GHCR and docker inspect read, in each config as in the index annotations
    Map<String, String> labels = new ImageAnnotations().created(created).putAll(options.annotations()).labelsUnder(Map.of());
    List<PlatformImage> images;
    List<GoBinary> binaries = new ArrayList<>();
    if (useBuildx) {
      Platform buildPlatform = Platform.of("linux", HostEmulation.thisHostArchitecture());
      plan = crossPlan(plan, buildPlatform, true);
      checkEmulation(file, plan, host, buildPlatform, false);
      BuildxBuilder buildx = new BuildxBuilder(host, buildxBuilderName, log);
      buildx.ensureBuilder();
      log.info(building);
      images = buildAndCheck(plan, p -> {
        Path archive = work.resolve("buildx").resolve("image.oci.tar");
        Path sent = options.dockerfile();
        if (p.applies()) {
          logRewrite(p, Optional.empty(), "every platform");
          sent = work.resolve("buildx").resolve(options.dockerfile().getFileName() + ".cross");
          write(sent, p.text(Optional.empty()));
        }
        buildx.build(sent, contextDir, options.platforms(), options.buildArgs(), labels, options.target(), options.format(), archive);
        List<PlatformImage> built = OciArchiveImport.importInto(layout, archive, options.platforms());
        delete(archive);
        return built;
      }, p -> checkEmulation(file, p, host, buildPlatform, false), layout, file, findings, work, binaries);
    } else {
      try (EngineApiBuilder engine = new EngineApiBuilder(host, log)) {
        // the daemon answers before anything says the build started
        Platform buildPlatform = engine.daemonPlatform();
        log.info(building);
        plan = crossPlan(plan, buildPlatform, false);
        checkEmulation(file, plan, host, buildPlatform, true);
        images = buildAndCheck(plan, p -> buildEachPlatform(engine, file, p, targetStage, contextDir, buildPlatform, layout, tag, work, labels),
            p -> checkEmulation(file, p, host, buildPlatform, true), layout, file, findings, work, binaries);
      }
    }

    ImageAnnotations standard = new ImageAnnotations().created(created);
    standard.putAll(options.annotations());
    Descriptor index =
        layout.write(ImageIndexAssembler.index(options.format(), images.stream().map(PlatformImage::manifest).toList(), standard.asMap()));
    layout.tagIndex(tag, index, images.stream().map(PlatformImage::manifest).toList());
    List<DockerfileStage> lineage = file.lineage(targetStage);
    String base = Dockerfile.expand(lineage.get(lineage.size() - 1).image(), values(options.platforms().get(0), options.platforms().get(0), file));
    // The base is named, not resolved: the builder pulled it, so its digest is not known here.
    return new BuildResult(layout, tag, index, images, binaries, new BaseImage(base, Optional.empty(), Optional.empty(), Map.of()));
  }

  /**
   * The plan this build follows, logged: empty when dockerfileCross is off or no platform is
   * foreign to the build platform (nothing would run under emulation); each stage left as
   * written is named with its reason.
   */
  private DockerfileCross.Plan crossPlan(DockerfileCross.Plan plan, Platform buildPlatform, boolean buildx) {
    DockerfileCross.Plan none = new DockerfileCross.Plan(plan.file(), List.of(), List.of(), Map.of());
    if (plan.crossed().isEmpty() && plan.skipped().isEmpty()) {
      return plan;
    }
    if (options.cross() == DockerfileCross.Mode.OFF) {
      log.info("dockerfileCross is off: the Go stages (" + DockerfileCross.labels(Stream.concat(plan.crossed().stream(),
          plan.skipped().stream().map(DockerfileCross.Skip::stage)).toList()) + ") are built as written, under emulation on foreign platforms.");
      return none;
    }
    if (options.platforms().stream().allMatch(p -> p.os().equals(buildPlatform.os()) && p.architecture().equals(buildPlatform.architecture()))) {
      log.info("dockerfileCross: every target platform is the build platform (" + buildPlatform + "): the Go stages are built as written.");
      return none;
    }
    DockerfileCross.Plan out = buildx ? DockerfileCross.forBuildx(plan, options.platforms()) : plan;
    out.skipped().forEach(s -> log.warn("dockerfileCross: " + s));
    return out;
  }

  /** Logs what the rewrite changes, as a diff, for one platform or (buildx) all. */
  private void logRewrite(DockerfileCross.Plan plan, Optional<Platform> platform, String what) {
    log.info("dockerfileCross: " + what + ": stage " + DockerfileCross.labels(plan.crossed()) + " cross-compiled on the build platform ("
        + plan.file().source() + " on disk is unchanged; the daemon gets this rewrite):");
    plan.diff(platform).forEach(l -> log.info("  " + l));
  }

  /**
   * Builds by {@code plan} and checks each platform's binary by ELF; when a cross-compiled build
   * gives a binary of the wrong architecture, says so and builds the Dockerfile as written.
   */
  private List<PlatformImage> buildAndCheck(
      DockerfileCross.Plan plan, Function<DockerfileCross.Plan, List<PlatformImage>> build, Consumer<DockerfileCross.Plan> checkEmulation,
      OciLayout layout, Dockerfile file, List<LintFinding> findings, Path work, List<GoBinary> binaries) {
    List<PlatformImage> images = build.apply(plan);
    try {
      checkBinaries(layout, images, file, findings, work, binaries);
      return images;
    } catch (DockerfileBinaryMismatchException e) {
      if (!plan.applies()) {
        throw e;
      }
      DockerfileCross.Plan asWritten = DockerfileCross.fallBack(plan, DockerfileCross.Reason.ELF_MISMATCH,
          "the ELF check of its cross-compiled build failed: " + e.getMessage() + " Building the Dockerfile as written instead.");
      asWritten.skipped().stream().filter(s -> s.reason() == DockerfileCross.Reason.ELF_MISMATCH).forEach(s -> log.warn("dockerfileCross: " + s));
      checkEmulation.accept(asWritten);
      binaries.clear();
      images = build.apply(asWritten);
      checkBinaries(layout, images, file, findings, work, binaries);
      return images;
    }
  }

  private void checkBinaries(OciLayout layout, List<PlatformImage> images, Dockerfile file, List<LintFinding> findings, Path work, List<GoBinary> binaries) {
    for (PlatformImage image : images) {
      ImageBinaryCheck.check(layout, image, file, findings, work.resolve("bin"), log).ifPresent(binaries::add);
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CinemaException("Cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private List<PlatformImage> buildEachPlatform(
      EngineApiBuilder engine, Dockerfile original, DockerfileCross.Plan plan, DockerfileStage targetStage, Path contextDir,
      Platform buildPlatform, OciLayout layout, String tag, Path work, Map<String, String> labels) {
    Set<String> declared = original.declaredArgs();
    List<DockerfileStage> lineage = original.lineage(targetStage);
    String name = localImageName.orElse("cinema-build/" + contextDir.getFileName().toString().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-"));
    List<PlatformImage> images = new ArrayList<>();
    for (Platform platform : options.platforms()) {
      Dockerfile file = original;
      if (plan.applies()) {
        logRewrite(plan, Optional.of(platform), platform.toString());
        file = Dockerfile.parse(plan.text(Optional.of(platform)), original.source());
      }
      Map<String, String> args = new LinkedHashMap<>(options.buildArgs());
      PlatformBuildArgs.automatic(platform, buildPlatform).forEach((k, v) -> {
        args.remove(k);
        if (declared.contains(k)) {
          args.put(k, v);
        }
      });
      // Each stage's base, by the ID of its image for the stage's platform (pulled when needed).
      Map<String, String> values = values(platform, buildPlatform, file);
      Map<Integer, String> bases = new LinkedHashMap<>();
      for (DockerfileStage stage : file.stages()) {
        if (stage.index() <= targetStage.index() && !LegacyBuilderDockerfile.isStageOrScratch(file, stage, values)) {
          Platform stagePlatform = LegacyBuilderDockerfile.platformOf(stage, platform, buildPlatform, values);
          String reference = Dockerfile.expand(stage.image(), values);
          String id = engine.imageFor(reference, stagePlatform);
          log.info(platform + ": stage " + stage.label() + " FROM " + reference + " for " + stagePlatform + " (" + id + ")");
          bases.put(stage.index(), id);
        }
      }
      String text = LegacyBuilderDockerfile.rewrite(file, platform, buildPlatform, options.buildArgs(), bases);
      Path dir = work.resolve("docker").resolve(platform.slug());
      Path contextTar = dir.resolve("context.tar");
      Path archive = dir.resolve("image.tar");
      String dockerfileName = ".cinema-build.Dockerfile." + platform.slug();
      try {
        Files.createDirectories(dir);
      } catch (IOException e) {
        throw new CinemaException("Cannot create " + dir + ": " + e.getMessage(), e);
      }
      BuildContextArchive.write(contextDir, contextTar, dockerfileName, text);
      String localTag = name + ":" + tag.replaceAll("[^A-Za-z0-9_.-]", "-") + "-" + platform.slug();
      log.info("Building " + platform + " as " + localTag);
      String imageId = engine.build(contextTar, dockerfileName, platform, args, labels, options.target(), localTag, archive);
      String root = Dockerfile.expand(lineage.get(lineage.size() - 1).image(), values(platform, buildPlatform, file));
      // The classic builder labels images FROM scratch with the daemon's architecture.
      boolean scratch = root.equalsIgnoreCase("scratch");
      PlatformImage image = DockerArchiveImport.importInto(layout, archive, platform, options.format(), scratch, dir);
      log.info("Built " + platform + ": " + localTag + " (" + imageId + "), manifest " + image.manifest().digest());
      images.add(image);
      delete(archive);
      delete(contextTar);
    }
    return images;
  }

  private Map<String, String> values(Platform platform, Platform buildPlatform, Dockerfile file) {
    return PlatformBuildArgs.of(platform, buildPlatform, options.buildArgs(), file.globalArgDefaults());
  }

  private void checkEmulation(Dockerfile file, DockerfileCross.Plan plan, DockerHost host, Platform buildPlatform, boolean classicBuilder) {
    // the crossed stages run on the build platform; the others keep the lines of the file on disk
    Set<Integer> crossed = plan.crossed().stream().map(DockerfileStage::index).collect(Collectors.toSet());
    List<EmulationNeed> needs = EmulationNeed.of(file, options.target(), options.platforms(), buildPlatform, options.buildArgs(), classicBuilder).stream()
        .map(n -> new EmulationNeed(n.platform(), n.stages().stream().filter(s -> !crossed.contains(s.index())).toList()))
        .filter(n -> !n.stages().isEmpty())
        .toList();
    if (needs.isEmpty()) {
      log.info("No RUN step runs on a foreign platform: the build needs no emulation.");
      return;
    }
    if (!host.isLocal()) {
      log.warn("RUN steps will run under emulation on the Docker host " + host + " for "
          + needs.stream().map(n -> n.platform().toString()).collect(Collectors.joining(", "))
          + "; this cannot be checked from here. If they fail with 'exec format error', register QEMU there (mvn cinema:binfmt as root on it).");
      return;
    }
    BinfmtRegistration registration = BinfmtRegistration.forThisHost(log);
    EmulationCheck.require(needs, registration.emulation(), registration, file.source(), log);
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // a leftover archive in the work directory is harmless
    }
  }
}
