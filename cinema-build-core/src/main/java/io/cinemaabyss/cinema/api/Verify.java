package io.cinemaabyss.cinema.api;

import io.cinemaabyss.cinema.BuildLog;
import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.check.ClusterNodes;
import io.cinemaabyss.cinema.check.ImageVerifier;
import io.cinemaabyss.cinema.check.VerificationResult;
import io.cinemaabyss.cinema.oci.Platform;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** A verification to run; see {@link Cinema#verify}. */
public final class Verify {

  private static final Duration NODES_COMMAND_TIMEOUT = Duration.ofSeconds(120);

  private final Location image;
  private final List<UnaryOperator<ImageVerifier>> steps = new ArrayList<>();
  private Optional<List<String>> smokeArgs = Optional.empty();
  private Duration smokeTimeout = Duration.ofSeconds(30);
  private Duration smokeAliveAfter = Duration.ZERO;
  private BuildLog log = BuildLog.NONE;
  private Optional<Pair> sameAs = Optional.empty();

  /** What {@link #sameAs} compares. */
  private record Pair(Location expected, Location actual) {}
  private boolean attestations = true;

  Verify(Location image) {
    this.image = image;
  }

  /** Requires each of {@code platforms}; {@code reason} says why in messages. */
  public Verify requirePlatforms(List<Platform> platforms, String reason) {
    List<Platform> copy = List.copyOf(platforms);
    steps.add(v -> v.require(copy, reason));
    return this;
  }

  public Verify requirePlatforms(List<Platform> platforms) {
    return requirePlatforms(platforms, "the caller");
  }

  /** Requires the platform of every node in {@code kubectlNodesJson} (the output of {@code kubectl get nodes -o json}). */
  public Verify requireNodes(Path kubectlNodesJson) {
    steps.add(v -> v.requireCluster(ClusterNodes.fromFile(kubectlNodesJson)));
    return this;
  }

  /** Requires the platform of every node that {@code command} (run with sh -c) prints as {@code kubectl get nodes -o json}. */
  public Verify requireNodesOf(String command) {
    steps.add(v -> v.requireCluster(ClusterNodes.fromCommand(command, NODES_COMMAND_TIMEOUT)));
    return this;
  }

  /** Runs each platform's entrypoint with {@code args} (natively or under QEMU), each run within {@code timeout}. */
  public Verify smoke(List<String> args, Duration timeout) {
    if (timeout.isZero() || timeout.isNegative()) {
      throw new CinemaException("The smoke timeout must be a positive number of seconds, not " + timeout.toSeconds() + ".");
    }
    this.smokeArgs = Optional.of(List.copyOf(args));
    this.smokeTimeout = timeout;
    return this;
  }

  /** For servers: a smoke run passes when the process is still running after {@code value}; zero waits for it to exit. */
  public Verify smokeAliveAfter(Duration value) {
    if (value.isNegative()) {
      throw new CinemaException("smokeAliveAfter must be 0 (off) or a positive number of seconds, not " + value.toSeconds() + ".");
    }
    this.smokeAliveAfter = value;
    return this;
  }

  /**
   * Whether each platform must have an SBOM and a provenance statement attached, with the SBOM
   * naming exactly the modules of its entrypoint binary; on by default.
   */
  public Verify attestations(boolean value) {
    this.attestations = value;
    return this;
  }

  /**
   * Also requires {@code actual} (such as the image pushed) to be byte for byte {@code expected} (such
   * as a rebuild from the checked-out sources); a difference is a problem naming the platform, the
   * first layer and the first file that differ.
   */
  public Verify sameAs(Location expected, Location actual) {
    this.sameAs = Optional.of(new Pair(expected, actual));
    return this;
  }

  public Verify log(BuildLog value) {
    this.log = value;
    return this;
  }

  /** Inspects and checks the image; problems are in the result ({@link Verification#requireOk()} fails on them). */
  public Verification run() {
    ImageVerifier verifier = ImageVerifier.of(Sources.of(image, log)).log(log).attestations(attestations);
    for (UnaryOperator<ImageVerifier> step : steps) {
      step.apply(verifier);
    }
    smokeArgs.ifPresent(args -> verifier.smoke(args, smokeTimeout));
    if (smokeArgs.isPresent() && !smokeAliveAfter.isZero()) {
      verifier.smokeAliveAfter(smokeAliveAfter);
    }
    VerificationResult result = verifier.verify();
    if (sameAs.isEmpty()) {
      return new Verification(result, Optional.empty());
    }
    Comparison comparison = Cinema.compare(sameAs.get().expected(), sameAs.get().actual(), log);
    if (comparison.same()) {
      return new Verification(result, Optional.of("rebuild: " + comparison.summary()));
    }
    List<String> problems = new ArrayList<>(result.problems());
    problems.add("rebuild: " + comparison.summary());
    return new Verification(new VerificationResult(result.report(), result.required(), result.smoke(), problems, result.notes()), Optional.empty());
  }
}
