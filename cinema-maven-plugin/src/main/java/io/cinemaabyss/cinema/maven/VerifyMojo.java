package io.cinemaabyss.cinema.maven;

import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.inspect.ClusterNodes;
import io.cinemaabyss.cinema.inspect.ImageVerifier;
import io.cinemaabyss.cinema.inspect.VerificationResult;
import io.cinemaabyss.cinema.oci.Platform;
import java.io.File;
import java.time.Duration;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Verifies an image before it is deployed, and fails the build naming every problem: a required
 * platform missing ({@code cinema.requiredPlatforms}, by default the configured platforms, plus the
 * platforms of a cluster's nodes from {@code kubectl get nodes -o json}), a platform whose index
 * entry and config disagree, or an entrypoint whose ELF binary is not of its platform's architecture
 * (the {@code exec format error} that reaches nodes otherwise). With {@code cinema.smoke=true} each
 * platform's entrypoint binary is also taken from the image and run with {@code cinema.smokeArgs}:
 * natively for this machine's architecture, under QEMU user emulation ({@code qemu-ARCH-static}, such as qemu-aarch64-static, on
 * the PATH or a registered binfmt_misc handler) for the others.
 *
 * <p>Bound to {@code verify} in the cinema-image packaging, where it reads the layout the build just
 * wrote; with {@code -Dcinema.verifyTarget=registry} it reads {@code cinema.image} from the registry
 * (after a push). Works with no project too.
 *
 * <p>Note: where binfmt_misc handlers are registered, the kernel runs a binary of another
 * architecture under QEMU without complaint, so a smoke run alone cannot prove the architecture; the
 * ELF check is the source of truth, and runs before every smoke run.
 */
@Mojo(name = "verify", defaultPhase = LifecyclePhase.VERIFY, requiresProject = false, threadSafe = true)
public class VerifyMojo extends AbstractImageMojo {

  /** The platforms the build targets; required by default. */
  @Parameter(property = "cinema.platforms", defaultValue = "linux/amd64,linux/arm64")
  List<String> platforms;

  /** The platforms the image must have; by default {@code cinema.platforms}. */
  @Parameter(property = "cinema.requiredPlatforms")
  List<String> requiredPlatforms;

  /**
   * A file with the output of {@code kubectl get nodes -o json}: every node's
   * {@code status.nodeInfo.operatingSystem/architecture} becomes a required platform.
   */
  @Parameter(property = "cinema.nodesFile")
  File nodesFile;

  /** A command printing {@code kubectl get nodes -o json}, such as {@code kubectl --context prod get nodes -o json}; run with sh -c. */
  @Parameter(property = "cinema.nodesCommand")
  String nodesCommand;

  /** Run each platform's entrypoint binary (natively or under QEMU) as part of the verification. */
  @Parameter(property = "cinema.smoke", defaultValue = "false")
  boolean smoke;

  /** The arguments of the smoke run. */
  @Parameter(property = "cinema.smokeArgs", defaultValue = "--version")
  List<String> smokeArgs;

  /** Seconds each smoke run may take. */
  @Parameter(property = "cinema.smokeTimeout", defaultValue = "30")
  int smokeTimeout;

  /**
   * For servers, which take no {@code --version}: seconds after which a smoke run that is still running
   * passes (the process is stopped then); a crash or exec format error before that fails. 0 (the
   * default) waits for the process to exit, within {@code smokeTimeout}.
   */
  @Parameter(property = "cinema.smokeAliveAfter", defaultValue = "0")
  int smokeAliveAfter;

  /** Skips this goal. */
  @Parameter(property = "cinema.skipVerify", defaultValue = "false")
  boolean skipVerify;

  /**
   * Which image to verify: {@code auto} (a given cinema.layout, else a cinema.image given on the
   * command line, else in a project the layout the build wrote, else cinema.image), {@code layout},
   * or {@code registry} (cinema.image, such as after push).
   */
  @Parameter(property = "cinema.verifyTarget", defaultValue = "auto")
  String verifyTarget;

  @Override
  protected boolean skipGoal() {
    return skipVerify;
  }

  @Override
  protected String goalName() {
    return "verify";
  }

  @Override
  protected void run() throws MojoExecutionException {
    List<String> required = nonBlank(requiredPlatforms).isEmpty() ? nonBlank(platforms) : nonBlank(requiredPlatforms);
    String reason = nonBlank(requiredPlatforms).isEmpty() ? "the configured platforms (cinema.platforms)" : "cinema.requiredPlatforms";
    ImageVerifier verifier = ImageVerifier.of(source(verifyTarget, "cinema.verifyTarget")).log(buildLog());
    if (!required.isEmpty()) {
      verifier.require(Platform.parseAll(required), reason);
    }
    if (nodesFile != null) {
      verifier.requireCluster(ClusterNodes.fromFile(nodesFile.toPath()));
    }
    if (nodesCommand != null && !nodesCommand.isBlank()) {
      verifier.requireCluster(ClusterNodes.fromCommand(nodesCommand, Duration.ofSeconds(120)));
    }
    if (smoke) {
      if (smokeTimeout <= 0) {
        throw new CinemaException("cinema.smokeTimeout must be a positive number of seconds, not " + smokeTimeout + ".");
      }
      verifier.smoke(nonBlank(smokeArgs), Duration.ofSeconds(smokeTimeout));
      if (smokeAliveAfter < 0) {
        throw new CinemaException("cinema.smokeAliveAfter must be 0 (off) or a positive number of seconds, not " + smokeAliveAfter + ".");
      }
      if (smokeAliveAfter > 0) {
        verifier.smokeAliveAfter(Duration.ofSeconds(smokeAliveAfter));
      }
    }
    VerificationResult result = verifier.verify();
    logReport(result.summary().stripTrailing());
    writeReport(result.toJson(), "verify.json");
    result.requireOk();
  }

}
