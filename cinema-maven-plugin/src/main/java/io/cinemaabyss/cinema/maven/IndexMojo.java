package io.cinemaabyss.cinema.maven;

import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.api.Cinema;
import io.cinemaabyss.cinema.api.Copied;
import io.cinemaabyss.cinema.api.Copy;
import io.cinemaabyss.cinema.api.Format;
import io.cinemaabyss.cinema.api.Registry;
import io.cinemaabyss.cinema.oci.Platform;
import java.io.File;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Joins per-platform images that are already in a registry, built and pushed by separate CI
 * runners (a matrix with native arm64 runners), into one OCI image index (or Docker manifest list)
 * and pushes it: {@code mvn cinema:index -Dcinema.sources=reg/app:1.0-amd64,reg/app:1.0-arm64
 * -Dcinema.image=reg/app:1.0}. Each image's platform is read from its config. Works without a project.
 */
@Mojo(name = "index", requiresProject = false, threadSafe = true)
public class IndexMojo extends AbstractCinemaMojo {

  /**
   * The images to join, one per platform: each a single-platform manifest, or an index with one
   * entry (what {@code push} writes for one platform). In the target's registry their blobs are
   * mounted; from another registry they are copied.
   */
  @Parameter(property = "cinema.sources", required = true)
  List<String> sources;

  /**
   * The platforms the sources must be, one each, in any order, such as
   * {@code linux/amd64,linux/arm64}. A source of another platform, or a declared platform without
   * a source, is an error. Empty: take the sources as they are.
   */
  @Parameter(property = "cinema.platforms")
  List<String> platforms;

  /** The index to push, such as {@code ghcr.io/owner/movies:1.2.0}. */
  @Parameter(property = "cinema.image", required = true)
  String image;

  /** More tags for the index, such as {@code latest}. */
  @Parameter(property = "cinema.tags")
  List<String> tags;

  /** {@code OCI} (an OCI image index, the default) or {@code DOCKER} (a Docker manifest list). */
  @Parameter(property = "cinema.format", defaultValue = "OCI")
  String format;

  /**
   * Annotations of the index (OCI only), such as
   * &amp;lt;annotations&amp;gt;&amp;lt;org.opencontainers.image.source&amp;gt;https://github.com/o/app&amp;lt;/org.opencontainers.image.source&amp;gt;&amp;lt;/annotations&amp;gt;. A map: no -D property.
   */
  @Parameter
  Map<String, String> annotations;

  /** Where the report (index and platform digests, pinned) is written. */
  @Parameter(property = "cinema.indexReport", defaultValue = "${project.build.directory}/cinema/index.json")
  File indexReport;

  /** How many platforms copy their blobs at once. */
  @Parameter(property = "cinema.pushParallelism", defaultValue = "" + Copy.DEFAULT_PARALLELISM)
  int pushParallelism;

  /** Skips this goal only ({@code cinema.skip} skips every goal). */
  @Parameter(property = "cinema.index.skip", defaultValue = "false")
  boolean skipIndex;

  @Override
  protected boolean skipGoal() {
    return skipIndex;
  }


  @Override
  protected void run() {
    if (sources == null || sources.stream().allMatch(s -> s == null || s.isBlank())) {
      throw new CinemaException("No source images: list them in cinema.sources, one per platform, such as reg/app:1.0-amd64,reg/app:1.0-arm64.");
    }
    List<Platform> declared = platforms == null || platforms.isEmpty() ? List.of() : Platform.parseAll(platforms);
    Registry target = Registry.of(image, credentials()).connection(connection()).alsoTag(tags == null ? List.of() : tags);
    Copied joined = Cinema.index(sources)
        .requirePlatforms(declared)
        .format(Format.parse(format, "cinema.format"))
        .annotations(annotations == null ? Map.of() : annotations)
        .parallelism(pushParallelism)
        .log(buildLog())
        .to(target);
    joined.writeReport(indexReport.toPath());
    getLog().info(joined.details());
    getLog().info("Pushed " + joined.summary().line());
    getLog().info("Index report: " + indexReport);
  }
}
