package io.cinemaabyss.cinema.api;

import io.cinemaabyss.cinema.json.Json;
import io.cinemaabyss.cinema.inspect.VerificationResult;
import java.nio.file.Path;
import java.util.List;

/** The outcome of a verification: every problem found (not just the first), notes, the smoke runs. */
public final class Verification {

  private final VerificationResult result;

  Verification(VerificationResult result) {
    this.result = result;
  }

  public boolean ok() {
    return result.ok();
  }

  public List<String> problems() {
    return result.problems();
  }

  /** Lines a person reads: each platform, each requirement, each smoke run, each problem. */
  public String summary() {
    return result.summary();
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
