package io.cinemaabyss.cinema.cli;

import io.cinemaabyss.cinema.api.Cinema;
import io.cinemaabyss.cinema.api.Copied;
import io.cinemaabyss.cinema.api.Format;
import io.cinemaabyss.cinema.api.Registry;
import io.cinemaabyss.cinema.oci.Platform;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "index", mixinStandardHelpOptions = true,
    description = {"Joins single-platform images already in a registry (built by separate runners) into one index and pushes it."
        + " Each source's platform is read from its config; nothing is pushed when a check fails.",
        "Example: cinema index --source reg/app:1.0-amd64 --source reg/app:1.0-arm64 --to reg/app:1.0"})
final class IndexCommand extends CinemaCommand {

  @Option(names = "--source", required = true, split = ",", paramLabel = "REF", description = "A single-platform image (repeatable or comma-separated).")
  List<String> sources;

  @Option(names = "--to", required = true, paramLabel = "docker://REF", description = "The index to push.")
  String to;

  @Option(names = "--platform", split = ",", paramLabel = "OS/ARCH[/VARIANT]", description = "The platforms the sources must be, one each; by default as they are.")
  List<Platform> platforms = List.of();

  @Option(names = "--tag", split = ",", paramLabel = "TAG", description = "More tags for the index, such as latest.")
  List<String> tags = List.of();

  @Option(names = "--format", defaultValue = "OCI", description = "OCI or DOCKER. Default: ${DEFAULT-VALUE}.")
  Format format;

  @Option(names = "--annotation", paramLabel = "KEY=VALUE", description = "Index annotations (OCI only; repeatable).")
  Map<String, String> annotations = Map.of();

  @Option(names = "--report", paramLabel = "FILE", description = "Also writes the report (pinned digests, JSON) to FILE.")
  Path report;

  @Override
  int execute() throws IOException {
    List<String> references = new ArrayList<>();
    for (String source : sources) {
      references.add(registryImage(source, "--source").reference());
    }
    Registry target = registryImage(to, "--to").alsoTag(tags);
    Copied joined = Cinema.index(references).requirePlatforms(platforms).format(format).annotations(annotations)
        .log(output.log()).to(target);
    output.log().info(joined.details());
    if (report != null) {
      joined.writeReport(report);
    }
    output.result("Pushed " + joined.summary().line(), joined.toJson());
    return CinemaCli.OK;
  }
}
