package io.cinemaabyss.cinema.cli;

import io.cinemaabyss.cinema.api.Cinema;
import io.cinemaabyss.cinema.api.Verification;
import io.cinemaabyss.cinema.api.Verify;
import io.cinemaabyss.cinema.oci.Platform;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"Proves an image will run: every required platform is there, each entrypoint is an ELF binary of its"
        + " platform's architecture, and (with --smoke) each runs, natively or under QEMU. Every problem is listed; exit 1 when there is any.",
        "Example: cinema verify ghcr.io/owner/movies:1.0 --platform linux/amd64,linux/arm64 --smoke --smoke-args=--version"})
final class VerifyCommand extends CinemaCommand {

  @Parameters(index = "0", paramLabel = "IMAGE", description = "oci:DIR[:TAG], docker://REF or REF.")
  String image;

  @Option(names = "--platform", split = ",", paramLabel = "OS/ARCH[/VARIANT]", description = "The platforms the image must have. Default: linux/amd64,linux/arm64.")
  List<Platform> platforms = Platform.DEFAULTS;

  @Option(names = "--nodes-file", paramLabel = "FILE", description = "Also requires the platform of every node in FILE (kubectl get nodes -o json).")
  Path nodesFile;

  @Option(names = "--nodes-command", paramLabel = "COMMAND", description = "Also requires the platform of every node COMMAND prints as kubectl get nodes -o json (run with sh -c).")
  String nodesCommand;

  @Option(names = "--smoke", description = "Runs each platform's entrypoint (QEMU for foreign ones; binfmt_misc or qemu-ARCH-static needed).")
  boolean smoke;

  @Option(names = "--smoke-args", split = ",", defaultValue = "--version", paramLabel = "ARG", description = "Arguments of the smoke run. Default: ${DEFAULT-VALUE}.")
  List<String> smokeArgs;

  @Option(names = "--smoke-timeout", defaultValue = "30", paramLabel = "SECONDS", description = "Default: ${DEFAULT-VALUE}.")
  int smokeTimeout;

  @Option(names = "--smoke-alive-after", defaultValue = "0", paramLabel = "SECONDS",
      description = "For servers: a run passes when the process still runs after SECONDS; 0 waits for it to exit 0. Default: ${DEFAULT-VALUE}.")
  int smokeAliveAfter;

  @Option(names = "--no-attestations", description = "Does not require an SBOM and provenance on each platform, nor check the SBOM against the binary (for images built by other tools).")
  boolean noAttestations;

  @Option(names = "--report", paramLabel = "FILE", description = "Also writes the report (JSON) to FILE.")
  Path report;

  @Override
  int execute() throws IOException {
    if (smokeTimeout <= 0 || smokeAliveAfter < 0) {
      throw usage("--smoke-timeout must be a positive number of seconds and --smoke-alive-after 0 or more.");
    }
    Verify verify = Cinema.verify(location(image, "IMAGE")).requirePlatforms(platforms, "--platform").attestations(!noAttestations)
        .log(output.log());
    if (nodesFile != null) {
      verify.requireNodes(nodesFile);
    }
    if (nodesCommand != null) {
      verify.requireNodesOf(nodesCommand);
    }
    if (smoke) {
      verify.smoke(smokeArgs, Duration.ofSeconds(smokeTimeout)).smokeAliveAfter(Duration.ofSeconds(smokeAliveAfter));
    }
    Verification verification = verify.run();
    if (report != null) {
      verification.writeReport(report);
    }
    output.result(verification.summary().stripTrailing(), verification.toJson());
    return verification.ok() ? CinemaCli.OK : CinemaCli.CHECK_FAILED;
  }
}
