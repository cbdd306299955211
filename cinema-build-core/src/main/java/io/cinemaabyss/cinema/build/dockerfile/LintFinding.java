package io.cinemaabyss.cinema.build.dockerfile;

/**
 * One lint finding: where (Dockerfile and line), which rule, in which stage, why it is wrong, and
 * how to fix it.
 */
public record LintFinding(String source, int line, LintRule rule, String stage, String reason, String fix) {

  /** {@code Dockerfile:12} */
  public String location() {
    return source + ":" + line;
  }

  @Override
  public String toString() {
    return location() + ": [" + rule.id() + "] stage " + stage + ": " + reason + " Fix: " + fix;
  }
}
