package io.cinemaabyss.cinema.maven;

import com.google.cloud.tools.jib.api.ImageReference;
import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.layout.OciLayout;
import io.cinemaabyss.cinema.registry.ImagePusher;
import io.cinemaabyss.cinema.registry.PushResult;
import io.cinemaabyss.cinema.registry.RegistryAccess;
import java.io.File;
import java.nio.file.Files;
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
 * <p>Credentials, first found wins: {@code <auth>} or {@code cinema.auth.*}; the settings.xml
 * {@code <server>} whose id is the registry host; Docker's config.json (credHelpers, credsStore,
 * auths); {@code CINEMA_REGISTRY_USERNAME}/{@code CINEMA_REGISTRY_PASSWORD}; {@code GITHUB_TOKEN}
 * for ghcr.io.
 */
@Mojo(name = "push", defaultPhase = LifecyclePhase.DEPLOY, threadSafe = true)
public class PushMojo extends AbstractCinemaMojo {

  /**
   * Where to push, such as {@code ghcr.io/owner/movies:1.2.0}. Its tag is also the tag of the index
   * in the layout, as the build goal wrote it.
   */
  @Parameter(property = "cinema.image", defaultValue = "${project.artifactId}:${project.version}")
  String image;

  /** More tags for the same index in the same repository, such as {@code latest} or {@code 1.2}. */
  @Parameter(property = "cinema.tags")
  List<String> tags;

  /** Skips this goal only (cinema.skip skips every goal). */
  @Parameter(property = "cinema.skipPush", defaultValue = "false")
  boolean skipPush;

  /** The OCI image layout the build goal wrote. */
  @Parameter(property = "cinema.outputDirectory", defaultValue = "${project.build.directory}/cinema/oci")
  File outputDirectory;

  /** Where the push report (index and platform digests, pinned) is written. */
  @Parameter(property = "cinema.pushReport", defaultValue = "${project.build.directory}/cinema/push.json")
  File pushReport;

  /** How many platforms upload at once. */
  @Parameter(property = "cinema.pushParallelism", defaultValue = "" + ImagePusher.DEFAULT_PARALLELISM)
  int pushParallelism;

  @Override
  protected String goalName() {
    return "push";
  }

  @Override
  protected boolean skipGoal() {
    return skipPush;
  }

  @Override
  protected void run() {
    ImageReference target = RegistryAccess.parse(image);
    if (!image.trim().contains("/")) {
      throw new CinemaException(
          "cinema.image '" + image + "' names no registry or owner, so it would go to Docker Hub's official library."
              + " Name the target in full, such as ghcr.io/<owner>/" + target.getRepository().replaceFirst("^library/", "")
              + ":" + target.getTag().orElse("latest") + ".");
    }
    outputDirectory = perExecution(outputDirectory, "oci");
    pushReport = perExecution(pushReport, "push.json");
    if (!Files.isRegularFile(outputDirectory.toPath().resolve("index.json"))) {
      throw new CinemaException(
          "No image to push: " + outputDirectory + " holds no OCI layout. The push goal sends what the build goal wrote:"
              + " run mvn package first (mvn deploy runs it for you), with the same cinema.image.");
    }
    String layoutTag = target.getTag().orElse("latest");
    OciLayout layout = OciLayout.open(outputDirectory.toPath());
    PushResult result =
        new ImagePusher(registryAccess(), credentialsFor(target), buildLog())
            .parallelism(pushParallelism)
            .push(layout, layoutTag, target, tags == null ? List.of() : tags);
    result.writeTo(pushReport.toPath());
    getLog().info(result.summary());
    getLog().info("Push report: " + pushReport);
  }
}
