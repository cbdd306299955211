package io.cinemaabyss.cinema.maven;

import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.api.Cinema;
import io.cinemaabyss.cinema.api.Copied;
import io.cinemaabyss.cinema.api.Copy;
import io.cinemaabyss.cinema.api.Layout;
import io.cinemaabyss.cinema.api.Registry;
import io.cinemaabyss.cinema.oci.Reference;
import java.io.File;
import java.util.List;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Pushes the multi-platform image that the build goal wrote (the index tagged in
 * {@code target/cinema/oci}) to its registry: blobs first (those the registry has are skipped, the
 * base image's are mounted), then each platform's manifest, then the index, then the tags, so a
 * tag never names an incomplete image. Writes the pinned digests to {@code target/cinema/push.json}.
 * Bound to {@code deploy} by the {@code cinema-image} packaging.
 *
 * <p>Credentials, first found wins: the auth parameter or the cinema.auth.username and
 * cinema.auth.password properties; the settings.xml server whose id is the registry host; Docker's
 * config.json (credHelpers, credsStore, auths); CINEMA_REGISTRY_USERNAME and CINEMA_REGISTRY_PASSWORD;
 * GITHUB_TOKEN for ghcr.io.
 */
@Mojo(name = "push", defaultPhase = LifecyclePhase.DEPLOY, threadSafe = true)
public class PushMojo extends AbstractCinemaMojo {

  /**
   * Where to push, such as {@code ghcr.io/owner/movies:1.2.0}. Its tag is also the tag of the index
   * in the layout, as the build goal wrote it.
   */
  @Parameter(property = "cinema.image", defaultValue = "${project.artifactId}:${project.version}")
  String image;

  /** More tags for the same index in the same repository, such as {@code latest} or {@code 1.2}; comma-separated as a property. */
  @Parameter(property = "cinema.tags")
  List<String> tags;

  /** Skips this goal only ({@code cinema.skip} skips every goal); the old property {@code cinema.skipPush} still works. */
  @Parameter(property = "cinema.push.skip", defaultValue = "false")
  boolean skipPush;

  /** The OCI image layout the build goal wrote (in an execution the pom names, target/cinema/EXECUTION-ID/oci). */
  @Parameter(property = "cinema.layout", defaultValue = "${project.build.directory}/cinema/oci")
  File layout;

  /**
   * The old name of {@code layout}; still works.
   *
   * @deprecated use {@code layout} ({@code cinema.layout})
   */
  @Deprecated
  @Parameter(property = "cinema.outputDirectory")
  File outputDirectory;

  /** Where the push report (index and platform digests, pinned) is written. */
  @Parameter(property = "cinema.pushReport", defaultValue = "${project.build.directory}/cinema/push.json")
  File pushReport;

  /** How many platforms upload at once. */
  @Parameter(property = "cinema.pushParallelism", defaultValue = "" + Copy.DEFAULT_PARALLELISM)
  int pushParallelism;


  @Override
  protected boolean skipGoal() {
    return skipPush;
  }

  @Override
  protected void run() {
    Registry target = Registry.of(image, credentials()).connection(connection()).alsoTag(nonBlank(tags)).requireQualified("cinema.image");
    layout = perExecution(deprecated(outputDirectory, "outputDirectory", "layout", layout), "oci");
    pushReport = perExecution(pushReport, "push.json");
    if (!new File(layout, "index.json").isFile()) {
      throw new CinemaException("No image to push: " + layout + " holds no OCI layout. The push goal sends what the build goal wrote:"
          + " run mvn package first (mvn deploy runs it for you), with the same cinema.image.");
    }
    Copied pushed = Cinema.copy(Layout.at(layout.toPath()).tag(Reference.parse(image).tag().orElse("latest")), target).parallelism(pushParallelism).log(buildLog()).run();
    pushed.writeReport(pushReport.toPath());
    getLog().info(pushed.details());
    getLog().info("Push report: " + pushReport);
    getLog().info("Pushed " + pushed.summary().line());
  }
}
