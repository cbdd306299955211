package io.cinemaabyss.cinema.cli;

import io.cinemaabyss.cinema.api.Cinema;
import io.cinemaabyss.cinema.api.Copied;
import io.cinemaabyss.cinema.api.Location;
import io.cinemaabyss.cinema.api.Registry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "copy", mixinStandardHelpOptions = true,
    description = {"Copies an image with every platform: a registry image or a layout into an OCI layout (a pull, for"
        + " offline inspection or a mirror), a layout to a registry (as push does), or a registry image to another"
        + " registry (within one registry its blobs are mounted, not uploaded). Blobs are checked against their"
        + " digests; the target's tag moves last.",
        "Example: cinema copy docker://ghcr.io/owner/movies:1.0 oci:/tmp/movies:1.0"})
final class CopyCommand extends CinemaCommand {

  @Parameters(index = "0", paramLabel = "SOURCE", description = "oci:DIR[:TAG], docker://REF or REF.")
  String source;

  @Parameters(index = "1", paramLabel = "TARGET", description = "oci:DIR:TAG, docker://REF or REF.")
  String target;

  @Option(names = "--tag", split = ",", paramLabel = "TAG", description = "More tags in a registry target, such as latest.")
  List<String> tags = List.of();

  @Option(names = "--report", paramLabel = "FILE", description = "Also writes the copy report (JSON) to FILE.")
  Path report;

  @Override
  int execute() throws IOException {
    Location from = location(source, "SOURCE");
    Location to = location(target, "TARGET");
    if (to instanceof Registry registryTarget) {
      to = registryTarget.alsoTag(tags);
    } else if (!tags.isEmpty()) {
      throw usage("--tag names more tags in a registry; for an OCI layout give the tag in TARGET, oci:DIR:TAG.");
    }
    Copied copied = Cinema.copy(from, to).log(output.log()).run();
    output.log().info(copied.details());
    if (report != null) {
      copied.writeReport(report);
    }
    output.result("Copied " + copied.summary().line(), copied.toJson());
    return CinemaCli.OK;
  }
}
