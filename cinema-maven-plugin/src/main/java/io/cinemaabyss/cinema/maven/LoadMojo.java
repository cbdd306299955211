package io.cinemaabyss.cinema.maven;

import io.cinemaabyss.cinema.docker.DockerHost;
import io.cinemaabyss.cinema.image.BuildResult;
import io.cinemaabyss.cinema.sink.DockerSinks;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Builds the image as the {@code build} goal does (reusing the layout when nothing changed), then
 * loads the Docker daemon's platform's image into the daemon through the Engine API, tagged as
 * {@code cinema.image}, as Jib's {@code jib:dockerBuild} does; {@code docker run IMAGE} then runs it.
 * The daemon is {@code cinema.dockerHost}, else DOCKER_HOST, else the local socket. A daemon platform
 * the build did not make is an error naming the platforms built.
 */
@Mojo(name = "load", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class LoadMojo extends BuildMojo {

  @Override
  protected String goalName() {
    return "load";
  }

  @Override
  protected void run() throws MojoExecutionException {
    BuildResult result = build();
    DockerHost host = DockerHost.resolve(Optional.ofNullable(dockerHost), environment());
    DockerSinks.Loaded loaded = DockerSinks.load(result, image, host, workDirectory.toPath());
    getLog().info("Loaded " + loaded.name() + " (" + loaded.platform() + ", image ID " + loaded.imageId() + ") into the Docker daemon at "
        + loaded.host());
  }
}
