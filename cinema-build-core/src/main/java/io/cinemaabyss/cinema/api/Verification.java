package io.cinemaabyss.cinema.api;

import io.cinemaabyss.cinema.check.VerificationResult;
import io.cinemaabyss.cinema.json.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The outcome of a verification: every problem found (not just the first), notes, the smoke runs. */
public final class Verification {

  private final VerificationResult result;
  private final Optional<String> passed;

  /** @param passed a line for a check that passed outside the result, such as a rebuild found the same */
  Verification(VerificationResult result, Optional<String> passed) {
    this.result = result;
    this.passed = passed;
  }

  public boolean ok() {
    return result.ok();
  }

  public List<String> problems() {
    return result.problems();
  }

  /** Lines a person reads: each platform, each requirement, each smoke run, each problem. */
  public String summary() {
    return passed.map(line -> "  " + line + System.lineSeparator()).orElse("") + result.summary();
  }

  /** Fails with every problem listed (an {@link io.cinemaabyss.cinema.CinemaException}) when there is any. */
  public Verification requireOk() {
    result.requireOk();
    return this;
  }

  public String toJson() {
    return Json.pretty(result.toJson());
  }

  public Path writeReport(Path file) {
    return Reports.write(result.toJson(), file);
  }

  @Override
  public String toString() {
    return summary();
  }
}
