package io.cinemaabyss.cinema.maven;

import java.io.File;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Builds the image as the {@code build} goal does (reusing the layout when nothing changed), then
 * writes each platform's image as a docker archive, {@code target/cinema/&amp;lt;artifactId&amp;gt;-&amp;lt;os&amp;gt;-&amp;lt;arch&amp;gt;.tar},
 * tagged as {@code cinema.image}: {@code docker load -i} and {@code podman load -i} give the named
 * image, as with Jib's {@code jib:buildTar}.
 */
@Mojo(name = "tar", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class TarMojo extends BuildMojo {

  /** Where the archives go; by default beside the layout: {@code target/cinema}, or {@code target/cinema/&amp;lt;id&amp;gt;} for an execution the pom names. */
  @Parameter(property = "cinema.tarDirectory")
  File tarDirectory;

  /** The archives' names start with this: {@code &amp;lt;tarName&amp;gt;-&amp;lt;os&amp;gt;-&amp;lt;arch&amp;gt;[-&amp;lt;variant&amp;gt;].tar}. */
  @Parameter(property = "cinema.tarName", defaultValue = "${project.artifactId}")
  String tarName;

  /** Skips this goal only ({@code cinema.skip} skips every goal). */
  @Parameter(property = "cinema.tar.skip", defaultValue = "false")
  boolean skipTar;

  @Override
  protected boolean skipGoal() {
    return skipTar;
  }


  @Override
  protected void run() {
    var built = buildToLayout();
    File directory = tarDirectory != null ? tarDirectory : layout.getAbsoluteFile().getParentFile();
    built.writeDockerArchives(directory.toPath(), tarName).forEach((platform, file) ->
        getLog().info("Wrote " + platform + " as " + file + " (docker load -i " + file.getFileName() + ")"));
  }
}
