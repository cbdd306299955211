package io.cinemaabyss.cinema.cli;

import io.cinemaabyss.cinema.api.Cinema;
import io.cinemaabyss.cinema.api.Inspection;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "inspect", mixinStandardHelpOptions = true,
    description = {"Shows an image platform by platform: manifest, config, entrypoint, and the ELF architecture of the binary"
        + " the entrypoint really runs, with a verdict on each. Exit 1 when a verdict fails.",
        "Example: cinema inspect ghcr.io/owner/movies:1.0 --json"})
final class InspectCommand extends CinemaCommand {

  @Parameters(index = "0", paramLabel = "IMAGE", description = "oci:DIR[:TAG], docker://REF or REF.")
  String image;

  @Option(names = "--report", paramLabel = "FILE", description = "Also writes the report (JSON) to FILE.")
  Path report;

  @Override
  int execute() throws IOException {
    Inspection inspection = Cinema.inspect(location(image, "IMAGE")).log(output.log()).run();
    if (report != null) {
      inspection.writeReport(report);
    }
    output.result(inspection.table().stripTrailing(), inspection.toJson());
    return inspection.ok() ? CinemaCli.OK : CinemaCli.CHECK_FAILED;
  }
}
