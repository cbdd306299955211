package io.cinemaabyss.cinema.maven;

import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.api.Layout;
import io.cinemaabyss.cinema.api.Location;
import io.cinemaabyss.cinema.api.Registry;
import io.cinemaabyss.cinema.oci.Reference;
import java.io.File;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * What the goals that read an image share: which image (a registry reference or an OCI layout),
 * and where the JSON report goes. Works with no project, and inside one on the layout the build
 * goal wrote.
 */
public abstract class AbstractImageMojo extends AbstractCinemaMojo {

  /**
   * The image in a registry, such as {@code ghcr.io/owner/movies:1.0} or
   * {@code registry.example.com/movies@sha256:...}. Inside a project its tag also names the image
   * in the built layout.
   */
  @Parameter(property = "cinema.image")
  protected String image;

  /**
   * An OCI image layout directory to read instead of a registry. Unset inside a project: the layout
   * the build goal wrote ({@code target/cinema/oci}) when it holds the image.
   */
  @Parameter(property = "cinema.layout")
  protected File layout;

  /**
   * The tag or digest of the image in the layout. By default the tag of {@code cinema.image} (in a
   * project: the project version when that is unset), or the layout's only image.
   */
  @Parameter(property = "cinema.layoutTag")
  protected String layoutTag;

  /**
   * The old name of {@code layoutTag}; still works.
   *
   * @deprecated use {@code layoutTag} ({@code cinema.layoutTag})
   */
  @Deprecated
  @Parameter(property = "cinema.tag")
  protected String tag;

  /**
   * The old name of the layout the build goal wrote; still works.
   *
   * @deprecated use {@code layout} ({@code cinema.layout})
   */
  @Deprecated
  @Parameter(property = "cinema.outputDirectory")
  protected File outputDirectory;

  /** Where to write the report as JSON; by default target/cinema/GOAL.json in a project, nothing outside one. */
  @Parameter(property = "cinema.reportFile")
  protected File reportFile;

  /**
   * The image to read. {@code target} is {@code layout}, {@code registry} or {@code auto}: a given
   * {@code cinema.layout} wins; then, in a project, the layout the build wrote when it holds the
   * image's tag (the image this build made); then {@code cinema.image} in its registry.
   */
  protected Location source(String target, String targetProperty) {
    layoutTag = deprecated(tag, "tag (cinema.tag)", "layoutTag (cinema.layoutTag)", layoutTag);
    File built = builtLayout();
    String mode = target == null || target.isBlank() ? "auto" : target.trim().toLowerCase(Locale.ROOT);
    switch (mode) {
      case "layout" -> {
        return layoutSource(built);
      }
      case "registry" -> {
        return registrySource();
      }
      case "auto" -> {
        if (layout != null) {
          return layoutSource(built);
        }
        // In a lifecycle (mvn verify, mvn deploy -Dcinema.image=...) the image is the one just built.
        if (built != null && builtLayoutHolds(built, layoutReference())) {
          return layoutSource(built);
        }
        if (image != null && !image.isBlank()) {
          return registrySource();
        }
        if (built != null && new File(built, "index.json").isFile()) {
          return layoutSource(built);
        }
        throw new CinemaException(
            "No image to read: give a registry image with -Dcinema.image=REF, or an OCI layout with -Dcinema.layout=DIR"
                + (built != null ? ", or build the project first (mvn package) so that " + built + " exists" : "")
                + ".");
      }
      default -> throw new CinemaException(
          "Unknown " + targetProperty + " '" + target + "': use auto, layout (an OCI layout) or registry (cinema.image).");
    }
  }

  /**
   * The image the build goal just wrote from the checked-out sources, for a comparison with the image
   * in the registry; an error when there is none.
   */
  protected Location rebuiltSource(String why) {
    File built = builtLayout();
    if (built == null || !builtLayoutHolds(built, layoutReference())) {
      throw new CinemaException(why + " compares the image the build writes from the checked-out sources with cinema.image in its registry,"
          + " but " + (built == null ? "this is not a project" : built + " holds no image tagged " + layoutReference().orElse("latest"))
          + ": run it in the service's project as mvn verify " + why.replace("cinema.", "-Dcinema.") + "=true -Dcinema.image=REF (package builds it first).");
    }
    return layoutSource(built);
  }

  /** {@code cinema.image} in its registry. */
  protected Location registryImage() {
    return registrySource();
  }

  /** Inside a project, the layout the build goal writes; else none. */
  private File builtLayout() {
    if (!inProject()) {
      return null;
    }
    File fallback = new File(new File(project.getBuild().getDirectory(), "cinema"), "oci");
    return perExecution(deprecated(outputDirectory, "outputDirectory (cinema.outputDirectory)", "layout (cinema.layout)", fallback), "oci");
  }

  private static boolean builtLayoutHolds(File built, Optional<String> reference) {
    return reference.isPresent() && Layout.at(built.toPath()).tag(reference.get()).exists();
  }

  private Location layoutSource(File built) {
    File dir = layout != null ? layout : built;
    if (dir == null) {
      throw new CinemaException("No OCI layout given: set -Dcinema.layout=DIR.");
    }
    getLog().info("Reading the OCI layout " + dir + layoutReference().map(r -> " (" + r + ")").orElse(""));
    return new Layout(dir.toPath(), layoutReference());
  }

  private Optional<String> layoutReference() {
    if (layoutTag != null && !layoutTag.isBlank()) {
      return Optional.of(layoutTag.trim());
    }
    return imageName().map(Reference::parse).map(Reference::qualifier);
  }

  private Location registrySource() {
    String name = imageName().orElseThrow(() -> new CinemaException(
        "No registry image given: set -Dcinema.image=REF, such as ghcr.io/owner/movies:1.0."));
    getLog().info("Reading " + Reference.parse(name) + " from its registry");
    return Registry.of(name, credentials()).connection(connection());
  }

  /** {@code cinema.image}, or in a project the name the build goal gives by default. */
  private Optional<String> imageName() {
    if (image != null && !image.isBlank()) {
      return Optional.of(image.trim());
    }
    return inProject() ? Optional.of(project.getArtifactId() + ":" + project.getVersion()) : Optional.empty();
  }

  /** Writes the report through {@code writer} to {@code cinema.reportFile}, else in a project to target/cinema/{@code fallbackName}. */
  protected void writeReport(Function<Path, Path> writer, String fallbackName) {
    writeReport(writer, reportFile, fallbackName);
  }

  /**
   * Shows a report: in the log, its problem and note lines as warnings so that they stand out; under
   * {@code mvn -q}, which hides the log, on standard output, since the report is the goal's output.
   */
  protected void showReport(String text) {
    if (!getLog().isInfoEnabled()) {
      System.out.println(text);
      return;
    }
    for (String line : text.split("\\R")) {
      String trimmed = line.trim();
      boolean smokeNotPassed = trimmed.startsWith("smoke ") && !trimmed.startsWith("smoke passed");
      if (trimmed.startsWith("PROBLEM ") || trimmed.startsWith("note: ") || trimmed.startsWith("- ") || smokeNotPassed) {
        getLog().warn(line);
      } else {
        getLog().info(line);
      }
    }
  }
}
