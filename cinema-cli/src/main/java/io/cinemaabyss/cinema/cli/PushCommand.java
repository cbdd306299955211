package io.cinemaabyss.cinema.cli;

import io.cinemaabyss.cinema.api.Cinema;
import io.cinemaabyss.cinema.api.Copied;
import io.cinemaabyss.cinema.api.Copy;
import io.cinemaabyss.cinema.api.Layout;
import io.cinemaabyss.cinema.api.Registry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "push", mixinStandardHelpOptions = true,
    description = {"Pushes an image of an OCI layout to a registry: blobs first (those there are skipped, the base's mounted),"
        + " then each platform's manifest, then the index, then the tags, so a tag never names an incomplete image.",
        "Example: cinema push oci:target/cinema/oci:1.0 docker://ghcr.io/owner/movies:1.0 --tag latest"})
final class PushCommand extends CinemaCommand {

  @Parameters(index = "0", paramLabel = "oci:DIR[:TAG]", description = "The image to push; without TAG, the image tagged as the target's tag.")
  String source;

  @Parameters(index = "1", paramLabel = "docker://REF", description = "Where to push, such as ghcr.io/owner/movies:1.0.")
  String target;

  @Option(names = "--tag", split = ",", paramLabel = "TAG", description = "More tags for the same image, such as latest.")
  List<String> tags = List.of();

  @Option(names = "--parallelism", defaultValue = "" + Copy.DEFAULT_PARALLELISM, description = "How many blobs upload at once. Default: ${DEFAULT-VALUE}.")
  int parallelism;

  @Option(names = "--report", paramLabel = "FILE", description = "Also writes the push report (pinned digests, JSON) to FILE.")
  Path report;

  @Override
  int execute() throws IOException {
    if (!(location(source, "The image to push") instanceof Layout layout)) {
      throw usage("The image to push must be an OCI layout, oci:DIR[:TAG], not " + source
          + " (to copy an image from a registry, use cinema copy SOURCE TARGET).");
    }
    Registry sink = registryImage(target, "The target").alsoTag(tags);
    Layout from = layout.reference().isPresent() ? layout : layout.tag(tagOf(sink.reference()));
    Copied pushed = Cinema.copy(from, sink).parallelism(parallelism).log(output.log()).run();
    output.log().info(pushed.details());
    if (report != null) {
      pushed.writeReport(report);
    }
    output.result("Pushed " + pushed.summary().line(), pushed.toJson());
    return CinemaCli.OK;
  }

  /** The tag of {@code reference}, or latest. */
  private static String tagOf(String reference) {
    String name = reference.contains("@") ? reference.substring(0, reference.indexOf('@')) : reference;
    int colon = name.lastIndexOf(':');
    return colon > name.lastIndexOf('/') ? name.substring(colon + 1) : "latest";
  }
}
