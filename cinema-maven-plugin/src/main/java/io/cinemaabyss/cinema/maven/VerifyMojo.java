package io.cinemaabyss.cinema.maven;

import io.cinemaabyss.cinema.api.Cinema;
import io.cinemaabyss.cinema.api.Verification;
import io.cinemaabyss.cinema.api.Verify;
import java.io.File;
import java.time.Duration;
import java.util.List;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Verifies an image before it is deployed, and fails the build naming every problem: a required
 * platform missing ({@code cinema.requiredPlatforms}, by default the configured platforms, plus the
 * platforms of a cluster's nodes from {@code kubectl get nodes -o json}), a platform whose index
 * entry and config disagree, or an entrypoint whose ELF binary is not of its platform's architecture
 * (the {@code exec format error} that reaches nodes otherwise), and a platform without an attached
 * SBOM and provenance, or whose SBOM does not name exactly the modules of its binary. With {@code cinema.smoke=true} each
 * platform's entrypoint binary is also taken from the image and run with {@code cinema.smokeArgs}:
 * natively for this machine's architecture, under QEMU user emulation for the others (the
 * qemu-user-static binary of the architecture, such as qemu-aarch64-static, on the PATH, or a
 * registered binfmt_misc handler).
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

  /**
   * Also compares the image the build just made from the checked-out sources with {@code cinema.image}
   * in its registry: they must be the same bytes; the first layer and file that differ are named.
   */
  @Parameter(property = "cinema.rebuild", defaultValue = "false")
  boolean rebuild;

  /**
   * Require on each platform an attached SBOM and provenance statement, and that the modules the
   * SBOM names are exactly those of the entrypoint binary in the layer (a binary swapped after the
   * SBOM was made fails). {@code false} for images built by other tools; the check is also off when
   * {@code cinema.sbom} or {@code cinema.provenance} is {@code false}, as the build then attached less.
   */
  @Parameter(property = "cinema.verifyAttestations", defaultValue = "true")
  boolean verifyAttestations;

  /** As on the build goals: {@code false} turns the supply-chain check off. */
  @Parameter(property = "cinema.sbom", defaultValue = "true")
  boolean sbom;

  /** As on the build goals: {@code false} turns the supply-chain check off. */
  @Parameter(property = "cinema.provenance", defaultValue = "true")
  boolean provenance;

  /** As on the build goals: a Dockerfile build attaches no SBOM or provenance, so the supply-chain check is off. */
  @Parameter(property = "cinema.dockerfile")
  File dockerfile;

  /** Skips this goal only ({@code cinema.skip} skips every goal). */
  @Parameter(property = "cinema.verify.skip", defaultValue = "false")
  boolean skipVerify;

  /**
   * The old property of {@code skipVerify}; still works.
   *
   * @deprecated use {@code skipVerify} ({@code cinema.verify.skip})
   */
  @Deprecated
  @Parameter(property = "cinema.skipVerify")
  Boolean skipVerifyProperty;

  /**
   * Which image to verify: {@code auto} (a given cinema.layout, else a cinema.image given on the
   * command line, else in a project the layout the build wrote, else cinema.image), {@code layout},
   * or {@code registry} (cinema.image, such as after push).
   */
  @Parameter(property = "cinema.verifyTarget", defaultValue = "auto")
  String verifyTarget;

  @Override
  protected boolean skipGoal() {
    return deprecated(skipVerifyProperty, "skipVerify (cinema.skipVerify)", "cinema.verify.skip", skipVerify);
  }

  @Override
  protected String goalName() {
    return "verify";
  }

  @Override
  protected void run() {
    boolean byPlatforms = nonBlank(requiredPlatforms).isEmpty();
    Verify verify = Cinema.verify(source(verifyTarget, "cinema.verifyTarget")).log(buildLog())
        .attestations(verifyAttestations && sbom && provenance && dockerfile == null)
        .requirePlatforms(platformsOf(byPlatforms ? platforms : requiredPlatforms),
            byPlatforms ? "the configured platforms (cinema.platforms)" : "cinema.requiredPlatforms");
    if (nodesFile != null) {
      verify.requireNodes(nodesFile.toPath());
    }
    if (nodesCommand != null && !nodesCommand.isBlank()) {
      verify.requireNodesOf(nodesCommand);
    }
    if (smoke) {
      verify.smoke(nonBlank(smokeArgs), Duration.ofSeconds(smokeTimeout)).smokeAliveAfter(Duration.ofSeconds(smokeAliveAfter));
    }
    if (rebuild) {
      verify.sameAs(rebuiltSource("cinema.rebuild"), registryImage());
    }
    Verification result = verify.run();
    showReport(result.summary().stripTrailing());
    writeReport(result::writeReport, "verify.json");
    result.requireOk();
  }
}
