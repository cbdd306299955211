package io.cinemaabyss.cinema.api;

import io.cinemaabyss.cinema.build.dockerfile.Dockerfile;
import io.cinemaabyss.cinema.build.dockerfile.DockerfileLint;
import io.cinemaabyss.cinema.build.dockerfile.LintFinding;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@link Cinema#lintDockerfile} found: the mistakes that break or slow multi-architecture
 * builds, each with its line, rule, stage, reason and fix.
 */
public final class DockerfileLintReport {

  private final String source;
  private final int stages;
  private final List<LintFinding> findings;

  private DockerfileLintReport(String source, int stages, List<LintFinding> findings) {
    this.source = source;
    this.stages = stages;
    this.findings = List.copyOf(findings);
  }

  static DockerfileLintReport of(Path dockerfile, Optional<String> target) {
    Dockerfile file = Dockerfile.parse(dockerfile);
    return new DockerfileLintReport(file.source(), file.stages().size(), DockerfileLint.lint(file, target.filter(t -> !t.isBlank())));
  }

  public boolean ok() {
    return findings.isEmpty();
  }

  /** Each finding as a line: {@code Dockerfile:12: [rule] stage NAME: reason Fix: fix}. */
  public List<String> findings() {
    return findings.stream().map(LintFinding::toString).toList();
  }

  /** One line: no problems in N stages, or how many findings. */
  public String summary() {
    if (ok()) {
      return source + ": no multi-architecture problems (" + stages + " stage" + (stages == 1 ? "" : "s") + " checked)";
    }
    return source + ": " + findings.size() + " multi-architecture finding" + (findings.size() == 1 ? "" : "s");
  }

  /** The failure of a build that fails on findings: how many problems, listed before it, each with its fix. */
  public String failure() {
    return source + " has " + findings.size() + " multi-architecture problem" + (findings.size() == 1 ? "" : "s")
        + " (listed above, each with its fix)";
  }
}
