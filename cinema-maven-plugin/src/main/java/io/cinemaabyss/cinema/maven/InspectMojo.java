package io.cinemaabyss.cinema.maven;

import io.cinemaabyss.cinema.inspect.ImageInspector;
import io.cinemaabyss.cinema.inspect.ImageReport;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Inspects any image, in a registry or an OCI layout, with or without a project: the platforms of
 * its index (attestations shown apart), and for each platform the manifest digest and media type,
 * total size, config os/architecture/variant, created, entrypoint and cmd, user, and the ELF
 * architecture of the binary the entrypoint really runs, found by reading the layers (whiteouts,
 * symlinks and PATH resolved). Verdicts flag an index entry whose config disagrees, and a platform
 * whose binary is built for another architecture. Prints a table; {@code cinema.reportFile} gets
 * the same facts as JSON. Never fails on a verdict; use {@code verify} for that.
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

  @Override
  protected String goalName() {
    return "inspect";
  }

  @Override
  protected void run() throws MojoExecutionException {
    ImageReport report = ImageInspector.of(source(inspectTarget, "cinema.inspectTarget")).log(buildLog()).inspect();
    logReport(report.table().stripTrailing());
    writeReport(report.toJson(), "inspect.json");
  }
}
