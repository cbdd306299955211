package io.cinemaabyss.cinema.maven;

import io.cinemaabyss.cinema.api.Built;
import io.cinemaabyss.cinema.api.Layout;
import java.io.File;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Builds the service's multi-platform image: cross-compiles the Go main package once per platform
 * (CGO off, -trimpath), checks each binary's ELF architecture, builds one image per platform with
 * jib-core on the base image, and joins them in an OCI image index, tagged in an OCI image layout
 * under {@code target/cinema/oci}. No Docker daemon, registry or emulation needed (unless the base
 * image is in a registry). With {@code dockerfile} set, the images are built from that Dockerfile
 * instead (this needs a Docker daemon), and land in the same layout the same way.
 */
@Mojo(name = "build", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class BuildMojo extends AbstractBuildMojo {

  /** Skips this goal only ({@code cinema.skip} skips every goal). */
  @Parameter(property = "cinema.build.skip", defaultValue = "false")
  boolean skipBuild;


  @Override
  protected boolean skipGoal() {
    return skipBuild;
  }

  @Override
  protected void run() {
    buildToLayout();
  }

  /** Builds into the layout (reusing it when nothing changed), writes build.json beside it, and reports. */
  protected Built buildToLayout() {
    layout = perExecution(deprecated(outputDirectory, "outputDirectory", "layout", layout), "oci");
    workDirectory = perExecution(workDirectory, "work");
    String tag = imageTag();
    if (goalName().equals("build")) {
      // tar and load rebuild the build goal's image (or reuse it, unchanged) in the same layout
      LayoutTagClaims.claim(project, mojoExecution, layout, tag);
    }
    Built built = build(Layout.at(layout.toPath()).tag(tag));
    // beside the layout it describes
    built.writeReport(new File(layout.getAbsoluteFile().getParentFile(), "build.json").toPath());
    built.details().lines().forEach(getLog()::info);
    getLog().info("Built " + built.summary().line());
    return built;
  }
}
