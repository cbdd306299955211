package io.cinemaabyss.cinema.maven;

import io.cinemaabyss.cinema.registry.RegistryStore;
import io.cinemaabyss.cinema.layout.LayoutStore;
import io.cinemaabyss.cinema.store.ImageSource;
import com.google.cloud.tools.jib.api.ImageReference;
import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.registry.RegistryAccess;
import java.io.File;
import java.util.Locale;
import org.apache.maven.plugin.MojoExecutionException;
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

  /** An OCI image layout directory to read instead of a registry. */
  @Parameter(property = "cinema.layout")
  protected File layout;

  /**
   * The tag or digest of the image in the layout. By default the tag of {@code cinema.image} (in a
   * project: the project version when that is unset), or the layout's only image.
   */
  @Parameter(property = "cinema.tag")
  protected String tag;

  /** The layout the build goal writes; read inside a project unless a registry image is asked for. */
  @Parameter(property = "cinema.outputDirectory", defaultValue = "${project.build.directory}/cinema/oci")
  protected File outputDirectory;

  /** Where to write the report as JSON; nothing is written when unset (outside a project). */
  @Parameter(property = "cinema.reportFile")
  protected File reportFile;

  /**
   * The image to read. {@code target} is {@code layout}, {@code registry} or {@code auto}: a given
   * {@code cinema.layout} wins; then, in a project, the layout the build wrote when it holds the
   * image's tag (the image this build made); then {@code cinema.image} in its registry.
   */
  protected ImageSource source(String target, String targetProperty) {
    outputDirectory = perExecution(outputDirectory, "oci");
    String mode = target == null || target.isBlank() ? "auto" : target.trim().toLowerCase(Locale.ROOT);
    switch (mode) {
      case "layout" -> {
        return layoutSource();
      }
      case "registry" -> {
        return registrySource();
      }
      case "auto" -> {
        if (layout != null) {
          return layoutSource();
        }
        // In a lifecycle (mvn verify, mvn deploy -Dcinema.image=...) the image is the one just built.
        if (inProject() && builtLayoutHolds(layoutReference())) {
          return layoutSource();
        }
        if (image != null && !image.isBlank()) {
          return registrySource();
        }
        if (inProject() && new File(outputDirectory, "index.json").isFile()) {
          return layoutSource();
        }
        throw new CinemaException(
            "No image to read: give a registry image with -Dcinema.image=REF, or an OCI layout with -Dcinema.layout=DIR"
                + (inProject() ? ", or build the project first (mvn package) so that " + outputDirectory + " exists" : "")
                + ".");
      }
      default -> throw new CinemaException(
          "Unknown " + targetProperty + " '" + target + "': use auto, layout (an OCI layout) or registry (cinema.image).");
    }
  }

  private boolean builtLayoutHolds(java.util.Optional<String> reference) {
    if (reference.isEmpty() || !new File(outputDirectory, "index.json").isFile()) {
      return false;
    }
    io.cinemaabyss.cinema.layout.OciLayout built = io.cinemaabyss.cinema.layout.OciLayout.open(outputDirectory.toPath());
    String ref = reference.get();
    return built.resolve(ref).isPresent() || built.entries().stream().anyMatch(d -> d.digest().toString().equals(ref));
  }

  private ImageSource layoutSource() {
    File dir = layout;
    if (dir == null) {
      if (!inProject()) {
        throw new CinemaException("No OCI layout given: set -Dcinema.layout=DIR.");
      }
      dir = outputDirectory;
    }
    getLog().info("Reading the OCI layout " + dir + layoutReference().map(r -> " (" + r + ")").orElse(""));
    return LayoutStore.open(dir.toPath(), layoutReference().orElse(""));
  }

  private java.util.Optional<String> layoutReference() {
    if (tag != null && !tag.isBlank()) {
      return java.util.Optional.of(tag.trim());
    }
    String name = imageName();
    if (name == null) {
      return java.util.Optional.empty();
    }
    ImageReference reference = RegistryAccess.parse(name);
    return java.util.Optional.of(reference.getDigest().orElse(reference.getTag().orElse("latest")));
  }

  private ImageSource registrySource() {
    String name = imageName();
    if (name == null) {
      throw new CinemaException("No registry image given: set -Dcinema.image=REF, such as ghcr.io/owner/movies:1.0.");
    }
    ImageReference reference = RegistryAccess.parse(name);
    getLog().info("Reading " + reference + " from its registry");
    return RegistryStore.of(name, registryAccess(), credentialsFor(reference));
  }

  /** {@code cinema.image}, or in a project the name the build goal gives by default. */
  private String imageName() {
    if (image != null && !image.isBlank()) {
      return image.trim();
    }
    return inProject() ? project.getArtifactId() + ":" + project.getVersion() : null;
  }

  /** The report file to write: the one configured, else {@code fallback} inside a project. */
  protected void writeReport(com.fasterxml.jackson.databind.JsonNode json, String fallbackName) throws MojoExecutionException {
    writeReport(json, reportFile, fallbackName);
  }

  /** Logs a report; its problem and note lines as warnings, so that they stand out. */
  protected void logReport(String text) {
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
