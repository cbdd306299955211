package io.cinemaabyss.cinema.check;

import io.cinemaabyss.cinema.BuildLog;
import io.cinemaabyss.cinema.host.BinaryRunner;
import io.cinemaabyss.cinema.host.HostEmulation;
import io.cinemaabyss.cinema.host.RunOutcome;
import io.cinemaabyss.cinema.oci.InvalidContentException;
import io.cinemaabyss.cinema.oci.Platform;
import io.cinemaabyss.cinema.store.ImageNotFoundException;
import io.cinemaabyss.cinema.store.ImageSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Verifies an image before it reaches a cluster: every required platform is present (configured
 * ones, and those of the cluster's nodes), each platform's index entry and config agree, each
 * entrypoint's ELF binary matches its platform, and optionally each binary runs (natively or
 * under QEMU). Every problem is collected; none hides another.
 *
 * <pre>{@code
 * VerificationResult result = ImageVerifier.of(ImageSource.layout(Path.of("target/cinema/oci"), "1.0"))
 *     .require(Platform.parseAll("linux/amd64,linux/arm64"), "configured platforms")
 *     .requireCluster(ClusterNodes.fromFile(Path.of("nodes.json")))
 *     .smoke(List.of("--version"), Duration.ofSeconds(30))
 *     .verify();
 * }</pre>
 *
 * <p>Note: where binfmt_misc handlers are registered, a binary of the wrong architecture still runs
 * here under QEMU, so a passing smoke run proves the binary works, not that it is the right one;
 * the ELF check is the source of truth for that.
 */
public final class ImageVerifier {

  private final ImageSource source;
  private final List<RequiredPlatform> required = new ArrayList<>();
  private Optional<List<String>> smokeArgs = Optional.empty();
  private Duration smokeTimeout = Duration.ofSeconds(30);
  private Optional<Duration> smokeAliveAfter = Optional.empty();
  private HostEmulation emulation;
  private BuildLog log = BuildLog.NONE;
  private boolean attestations;

  private ImageVerifier(ImageSource source) {
    this.source = source;
  }

  public static ImageVerifier of(ImageSource source) {
    return new ImageVerifier(source);
  }

  /** Requires each of {@code platforms}; {@code reason} says why in messages. */
  public ImageVerifier require(List<Platform> platforms, String reason) {
    for (Platform platform : platforms) {
      required.add(new RequiredPlatform(platform, reason));
    }
    return this;
  }

  /** Requires the platform of every node of the cluster. */
  public ImageVerifier requireCluster(ClusterNodes nodes) {
    required.addAll(nodes.requiredPlatforms());
    return this;
  }

  /** Runs each platform's entrypoint with {@code args}, each run limited to {@code timeout}. */
  public ImageVerifier smoke(List<String> args, Duration timeout) {
    this.smokeArgs = Optional.of(List.copyOf(args));
    this.smokeTimeout = timeout;
    return this;
  }

  /**
   * For servers, which take no {@code --version}: a smoke run passes when the process is still running
   * after {@code value} (it is stopped then), and fails on a crash or exec format error.
   */
  public ImageVerifier smokeAliveAfter(Duration value) {
    this.smokeAliveAfter = Optional.ofNullable(value);
    return this;
  }

  /** How foreign binaries run in the smoke run; by default as this machine allows. */
  public ImageVerifier emulation(HostEmulation value) {
    this.emulation = value;
    return this;
  }

  /**
   * Also checks each platform's supply chain: an SBOM and a provenance statement are attached (OCI
   * 1.1 referrers), and the modules the SBOM names are exactly those of the entrypoint binary.
   */
  public ImageVerifier attestations(boolean value) {
    this.attestations = value;
    return this;
  }

  public ImageVerifier log(BuildLog value) {
    this.log = value;
    return this;
  }

  /**
   * Inspects the image and checks it.
   *
   * @throws ImageNotFoundException or {@link InvalidContentException} when the image cannot be read
   *     at all; problems with a readable image are in the result
   */
  public VerificationResult verify() {
    ImageReport report = ImageInspector.of(source).log(log).inspect();
    if (attestations) {
      SupplyChainCheck check = new SupplyChainCheck(source);
      report = report.withPlatforms(report.platforms().stream().map(p -> p.withVerdicts(check.of(p))).toList());
    }
    List<String> problems = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    if (report.platforms().isEmpty()) {
      problems.add("the image has no runnable platform image");
    }
    List<Platform> present = new ArrayList<>();
    report.platforms().forEach(p -> p.platform().ifPresent(present::add));
    String has = present.isEmpty() ? "none" : present.stream().map(Platform::toString).distinct().collect(Collectors.joining(", "));
    List<RequiredPlatform> distinct = distinct(required);
    for (RequiredPlatform requirement : distinct) {
      if (present.stream().noneMatch(requirement::satisfiedBy)) {
        problems.add(requirement.shown() + " is missing: it is required by " + requirement.reason() + ", but the image has only " + has);
      }
    }
    problems.addAll(report.problems());
    List<RunOutcome> smoke = List.of();
    if (smokeArgs.isPresent()) {
      HostEmulation how = emulation != null ? emulation : HostEmulation.detect();
      smoke = new SmokeTest(source, new BinaryRunner(how), smokeArgs.get(), smokeTimeout, log, smokeAliveAfter).run(report);
      for (RunOutcome run : smoke) {
        if (run.failed()) {
          problems.add("smoke run " + run.message());
        } else if (run.skipped()) {
          notes.add("smoke run " + run.message());
        }
      }
    }
    return new VerificationResult(report, distinct, smoke, problems, notes);
  }

  private static List<RequiredPlatform> distinct(List<RequiredPlatform> all) {
    List<RequiredPlatform> out = new ArrayList<>();
    for (RequiredPlatform r : all) {
      int same = -1;
      for (int i = 0; i < out.size(); i++) {
        if (out.get(i).platform().equals(r.platform())) {
          same = i;
        }
      }
      if (same < 0) {
        out.add(r);
      } else {
        // one requirement per platform: the stricter variant rule, every reason
        RequiredPlatform o = out.get(same);
        String reason = o.reason().contains(r.reason()) ? o.reason() : o.reason() + " and " + r.reason();
        out.set(same, new RequiredPlatform(o.platform(), reason, o.anyVariant() && r.anyVariant()));
      }
    }
    return out;
  }
}
