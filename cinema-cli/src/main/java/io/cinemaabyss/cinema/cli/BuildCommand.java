package io.cinemaabyss.cinema.cli;

import io.cinemaabyss.cinema.api.Built;
import io.cinemaabyss.cinema.api.Cinema;
import io.cinemaabyss.cinema.api.Format;
import io.cinemaabyss.cinema.api.GoServiceBuild;
import io.cinemaabyss.cinema.api.Layout;
import io.cinemaabyss.cinema.api.Location;
import io.cinemaabyss.cinema.api.Registry;
import io.cinemaabyss.cinema.oci.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "build", mixinStandardHelpOptions = true,
    description = {"Cross-compiles the Go module in DIR natively for each platform and writes one multi-platform image"
        + " (an OCI index) to an OCI layout, or pushes it to a registry.",
        "Example: cinema build . --platform linux/amd64,linux/arm64 --to docker://ghcr.io/owner/movies:1.0 --tag latest"})
final class BuildCommand extends CinemaCommand {

  @Parameters(index = "0", paramLabel = "DIR", description = "The Go module: the directory holding go.mod.")
  Path module;

  @Option(names = "--to", required = true, paramLabel = "oci:DIR[:TAG]|docker://REF",
      description = "Where the image goes: an OCI layout (tag latest when none is given), or a registry image.")
  String to;

  @Option(names = "--platform", split = ",", paramLabel = "OS/ARCH[/VARIANT]", description = "Default: linux/amd64,linux/arm64.")
  List<Platform> platforms = Platform.DEFAULTS;

  @Option(names = "--tag", split = ",", paramLabel = "TAG", description = "More tags in the same repository, such as latest (a registry target only).")
  List<String> tags = List.of();

  @Option(names = "--base", defaultValue = "static", paramLabel = "IMAGE",
      description = "static (built in: CA certificates, time zones, nonroot user), scratch, or a multi-platform registry image. Default: ${DEFAULT-VALUE}.")
  String base;

  @Option(names = "--main", defaultValue = ".", paramLabel = "PACKAGE", description = "The main package, relative to DIR, such as ./cmd/server. Default: ${DEFAULT-VALUE}.")
  String mainPackage;

  @Option(names = "--ldflags", description = "go build -ldflags, such as \"-s -w -X main.version=1.0\".")
  String ldflags;

  @Option(names = "--build-tags", split = ",", paramLabel = "TAG", description = "go build -tags.")
  List<String> buildTags = List.of();

  @Option(names = "--cgo", description = "Builds with CGO_ENABLED=1 (needs a C cross-compiler per platform); off by default.")
  boolean cgo;

  @Option(names = "--no-sbom", description = "Attaches no SPDX and CycloneDX SBOMs to the platform images (attached by default, as OCI 1.1 referrers).")
  boolean noSbom;

  @Option(names = "--no-provenance", description = "Attaches no in-toto SLSA v1 provenance to the platform images (attached by default).")
  boolean noProvenance;

  @Option(names = "--name", description = "The binary's name; by default the main package's last element, or DIR's name.")
  String binaryName;

  @Option(names = "--port", split = ",", description = "Ports the image exposes, such as 8080 or 53/udp.")
  List<String> ports = List.of();

  @Option(names = "--env", paramLabel = "KEY=VALUE", description = "The container's environment (repeatable).")
  Map<String, String> env = Map.of();

  @Option(names = "--label", paramLabel = "KEY=VALUE", description = "Config labels (repeatable).")
  Map<String, String> labels = Map.of();

  @Option(names = "--annotation", paramLabel = "KEY=VALUE", description = "Index annotations, such as org.opencontainers.image.source=URL (repeatable).")
  Map<String, String> annotations = Map.of();

  @Option(names = "--user", defaultValue = "65532:65532", description = "The user the entrypoint runs as. Default: ${DEFAULT-VALUE}.")
  String user;

  @Option(names = "--format", defaultValue = "OCI", description = "OCI (an OCI image index) or DOCKER (a Docker manifest list). Default: ${DEFAULT-VALUE}.")
  Format format;

  @Option(names = "--work", paramLabel = "DIR", description = "Keeps binaries and caches here, so an unchanged build is reused; by default a temporary directory, deleted.")
  Path work;

  @Option(names = "--parallelism", description = "How many platforms compile and upload at once; by default the number of cores.")
  Integer parallelism;

  @Option(names = "--report", paramLabel = "FILE", description = "Also writes the build report (JSON) to FILE.")
  Path report;

  @Override
  int execute() throws IOException {
    if (!Files.isRegularFile(module.resolve("go.mod"))) {
      throw usage("DIR " + module + " holds no go.mod: give the directory of the Go module to build.");
    }
    Location sink = location(to, "--to");
    if (sink instanceof Layout layout) {
      if (!tags.isEmpty()) {
        throw usage("--tag names more tags in a registry; for an OCI layout give the one tag in --to oci:DIR:TAG.");
      }
      if (layout.reference().isEmpty()) {
        output.log().info("--to names no tag: the image is tagged latest in " + layout.directory());
        sink = layout.tag("latest");
      }
    } else {
      sink = ((Registry) sink).alsoTag(tags);
    }
    GoServiceBuild build = Cinema.go(module)
        .platforms(platforms)
        .base(base, credentials())
        .connection(registry.connection())
        .mainPackage(mainPackage)
        .goTags(buildTags)
        .cgo(cgo)
        .sbom(!noSbom)
        .provenance(!noProvenance)
        .binaryName(binaryName)
        .ports(ports)
        .env(env)
        .labels(labels)
        .annotations(annotations)
        .user(user)
        .format(format)
        .workDirectory(work)
        .log(output.log());
    if (ldflags != null) {
      build.ldflags(ldflags);
    }
    if (parallelism != null) {
      build.parallelism(parallelism);
    }
    if (sink instanceof Registry image) {
      build.image(image.reference());
    }
    Built built = build.to(sink);
    output.log().info(built.details());
    if (report != null) {
      built.writeReport(report);
    }
    output.result("Built " + built.summary().line(), built.toJson());
    return CinemaCli.OK;
  }
}
