package io.cinemaabyss.cinema.maven;

import io.cinemaabyss.cinema.api.Cinema;
import io.cinemaabyss.cinema.api.Inspection;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Inspects any image, in a registry or an OCI layout, with or without a project: the platforms of
 * its index (attestations shown apart), and for each platform the manifest digest and media type,
 * total size, config os/architecture/variant, created, entrypoint and cmd, user, and the ELF
 * architecture of the binary the entrypoint really runs, found by reading the layers (whiteouts,
 * symlinks and PATH resolved). Verdicts flag an index entry whose config disagrees, and a platform
 * whose binary is built for another architecture. Prints a table (with {@code cinema.json=true}
 * the JSON instead, on standard output); {@code cinema.reportFile} gets the same facts as JSON. Under
 * {@code mvn -q} the table still goes to standard output. Never fails on a verdict; use
 * {@code verify} for that.
 *
 * <pre>mvn io.cinemaabyss:cinema-maven-plugin:VERSION:inspect -Dcinema.image=ghcr.io/owner/movies:1.0</pre>
 */
@Mojo(name = "inspect", requiresProject = false, threadSafe = true)
public class InspectMojo extends AbstractImageMojo {

  /**
   * Which image to read: {@code auto} (a given cinema.layout, else a cinema.image given on the
   * command line, else in a project the built layout, else cinema.image), {@code layout} or
   * {@code registry}.
   */
  @Parameter(property = "cinema.inspectTarget", defaultValue = "auto")
  String inspectTarget;

  /** Print the report as JSON on standard output (for scripts: {@code mvn -q ... -Dcinema.json=true | jq}) instead of the table. */
  @Parameter(property = "cinema.json", defaultValue = "false")
  boolean json;

  /** Skips this goal only ({@code cinema.skip} skips every goal). */
  @Parameter(property = "cinema.inspect.skip", defaultValue = "false")
  boolean skipInspect;


  @Override
  protected boolean skipGoal() {
    return skipInspect;
  }

  @Override
  protected void run() {
    Inspection report = Cinema.inspect(source(inspectTarget, "cinema.inspectTarget")).log(buildLog()).run();
    if (json) {
      System.out.println(report.toJson());
    } else {
      showReport(report.table().stripTrailing());
    }
    writeReport(report::writeReport, "inspect.json");
  }
}
