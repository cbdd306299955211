package io.cinemaabyss.cinema.build.dockerfile;

import io.cinemaabyss.cinema.CinemaException;
import java.util.List;
import java.util.stream.Collectors;

/** A Dockerfile has multi-architecture mistakes and the caller asked for them to fail the build. */
public final class DockerfileLintException extends CinemaException {

  private final List<LintFinding> findings;

  public DockerfileLintException(String source, List<LintFinding> findings) {
    super(message(source, findings));
    this.findings = List.copyOf(findings);
  }

  public List<LintFinding> findings() {
    return findings;
  }

  private static String message(String source, List<LintFinding> findings) {
    return source + " has " + findings.size() + " multi-architecture problem" + (findings.size() == 1 ? "" : "s") + ":"
        + findings.stream().map(f -> System.lineSeparator() + "  " + f).collect(Collectors.joining());
  }
}
