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
 * Verifies an image before it is deployed and fails naming every problem: a required platform
 * missing ({@code cinema.requiredPlatforms}, by default the configured platforms, plus those of a
 * cluster's nodes), an index entry whose config disagrees, an entrypoint ELF binary of another
 * architecture (the {@code exec format error} nodes would hit), a platform without an attached SBOM
 * and provenance, or whose SBOM does not name exactly its binary's modules. With
 * {@code cinema.smoke=true} each platform's entrypoint also runs with {@code cinema.smokeArgs}:
 * natively, or under QEMU user emulation (qemu-ARCH-static on the PATH or a binfmt_misc handler);
 * since binfmt_misc runs a foreign binary without complaint, the ELF check, made first, is the proof.
 *
 * <p>Bound to {@code verify} in the cinema-image packaging, where it reads the layout the build
 * wrote; {@code -Dcinema.verifyTarget=registry} reads {@code cinema.image} from its registry. Works
 * with no project too.
 */
@Mojo(name = "verify", defaultPhase = LifecyclePhase.VERIFY, requiresProject = false, threadSafe = true)
public class VerifyMojo extends AbstractImageMojo {

  /** The platforms the build targets; required by default. */
  @Parameter(property = "cinema.platforms", defaultValue = "linux/amd64,linux/arm64")
  List<String> platforms;

  /** The platforms the image must have; by default {@code cinema.platforms}. */
  @Parameter(property = "cinema.requiredPlatforms")
  List<String> requiredPlatforms;

  /** A file with the output of {@code kubectl get nodes -o json}: every node's os/architecture becomes a required platform. */
  @Parameter(property = "cinema.nodesFile")
  File nodesFile;

  /** A command printing {@code kubectl get nodes -o json}, such as {@code kubectl --context prod get nodes -o json}; run with sh -c. */
  @Parameter(property = "cinema.nodesCommand")
  String nodesCommand;

  /** Also run each platform's entrypoint binary, natively or under QEMU. */
  @Parameter(property = "cinema.smoke", defaultValue = "false")
  boolean smoke;

  /** The arguments of the smoke run. */
  @Parameter(property = "cinema.smokeArgs", defaultValue = "--version")
  List<String> smokeArgs;

  /** Seconds each smoke run may take. */
  @Parameter(property = "cinema.smokeTimeout", defaultValue = "30")
  int smokeTimeout;

  /**
   * For servers, which take no {@code --version}: seconds after which a smoke run still running passes
   * (and is stopped); a crash before that fails. 0 waits for the process to exit, within smokeTimeout.
   */
  @Parameter(property = "cinema.smokeAliveAfter", defaultValue = "0")
  int smokeAliveAfter;

  /** Also compare the image just built from the checked-out sources with {@code cinema.image}: same bytes, or the first layer and file that differ are named. */
  @Parameter(property = "cinema.rebuild", defaultValue = "false")
  boolean rebuild;

  /**
   * Require on each platform an attached SBOM and provenance, and that the SBOM names exactly the
   * modules of the entrypoint binary (one swapped later fails). {@code false} for images of other
   * tools; also off with {@code cinema.sbom}, {@code cinema.provenance} false or a Dockerfile build.
   */
  @Parameter(property = "cinema.verifyAttestations", defaultValue = "true")
  boolean verifyAttestations;

  /** As on the build goals; {@code false} turns the supply-chain check off. */
  @Parameter(property = "cinema.sbom", defaultValue = "true")
  boolean sbom;

  /** As on the build goals; {@code false} turns the supply-chain check off. */
  @Parameter(property = "cinema.provenance", defaultValue = "true")
  boolean provenance;

  /** As on the build goals; a Dockerfile build attaches no SBOM or provenance, so the supply-chain check is off. */
  @Parameter(property = "cinema.dockerfile")
  File dockerfile;

  /** Skips this goal only ({@code cinema.skip} skips every goal); the old property {@code cinema.skipVerify} still works. */
  @Parameter(property = "cinema.verify.skip", defaultValue = "false")
  boolean skipVerify;

  /**
   * Which image: {@code auto} (a given cinema.layout, else a cinema.image given on the command line,
   * else in a project the built layout, else cinema.image), {@code layout}, or {@code registry}.
   */
  @Parameter(property = "cinema.verifyTarget", defaultValue = "auto")
  String verifyTarget;

  @Override
  protected boolean skipGoal() {
    return skipVerify;
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
