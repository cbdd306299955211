package io.cinemaabyss.cinema.maven;

import java.util.Optional;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Builds the image as the {@code build} goal does (reusing the layout when nothing changed), then
 * loads the Docker daemon's platform's image into the daemon through the Engine API, tagged as
 * {@code cinema.image}, as Jib's {@code jib:dockerBuild} does; {@code docker run IMAGE} then runs it.
 * The daemon is {@code cinema.dockerHost}, else DOCKER_HOST, else the local socket. A daemon platform
 * the build did not make is an error naming the platforms built.
 */
@Mojo(name = "load", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class LoadMojo extends BuildMojo {

  /** Skips this goal only ({@code cinema.skip} skips every goal). */
  @Parameter(property = "cinema.load.skip", defaultValue = "false")
  boolean skipLoad;

  @Override
  protected boolean skipGoal() {
    return skipLoad;
  }


  @Override
  protected void run() {
    getLog().info(buildToLayout().loadIntoDocker(java.util.Optional.ofNullable(dockerHost), environment(), workDirectory.toPath()));
  }
}
