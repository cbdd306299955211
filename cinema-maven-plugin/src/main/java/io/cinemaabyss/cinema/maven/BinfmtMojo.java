package io.cinemaabyss.cinema.maven;

import io.cinemaabyss.cinema.api.Cinema;
import io.cinemaabyss.cinema.api.HostEmulationSetup;
import io.cinemaabyss.cinema.oci.Platform;
import java.util.List;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Makes this Linux host able to run containers of the target platforms under QEMU, as Dockerfile
 * builds with RUN steps in target-platform stages need: as root, mounts binfmt_misc when needed and
 * registers qemu-user-static's handlers; otherwise prints the one command to run, and fails.
 * Runs without a project: {@code sudo mvn cinema:binfmt -Dcinema.platforms=linux/arm64}.
 */
@Mojo(name = "binfmt", requiresProject = false, threadSafe = true)
public class BinfmtMojo extends AbstractCinemaMojo {

  /** The platforms to make runnable, {@code os/arch[/variant]}. */
  @Parameter(property = "cinema.platforms", defaultValue = "linux/amd64,linux/arm64")
  List<String> platforms;

  /** Skips this goal only ({@code cinema.skip} skips every goal). */
  @Parameter(property = "cinema.binfmt.skip", defaultValue = "false")
  boolean skipBinfmt;

  @Override
  protected boolean skipGoal() {
    return skipBinfmt;
  }


  @Override
  protected void run() {
    HostEmulationSetup setup = Cinema.ensureEmulation(Platform.parseAll(platforms), buildLog());
    setup.alreadyAvailable().forEach(getLog()::info);
    setup.registered().forEach(line -> getLog().info("Registered: " + line));
    setup.requireComplete();
  }
}
