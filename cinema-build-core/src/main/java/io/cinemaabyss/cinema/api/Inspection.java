package io.cinemaabyss.cinema.api;

import io.cinemaabyss.cinema.check.ImageReport;
import io.cinemaabyss.cinema.json.Json;
import java.nio.file.Path;
import java.util.List;

/**
 * What an image is, platform by platform: manifest, config, entrypoint, and the ELF architecture of
 * the binary the entrypoint really runs, with a verdict on each.
 */
public final class Inspection {

  private final ImageReport report;

  Inspection(ImageReport report) {
    this.report = report;
  }

  /** True when every verdict on every platform passed. */
  public boolean ok() {
    return report.ok();
  }

  /** Each failed verdict, as {@code "linux/amd64: message"}. */
  public List<String> problems() {
    return report.problems();
  }

  /** The digest of what the reference named (an index or a manifest). */
  public String digest() {
    return report.digest();
  }

  /** The table a person reads. */
  public String table() {
    return report.table();
  }

  public String toJson() {
    return Json.pretty(report.toJson());
  }

  public Path writeReport(Path file) {
    return Reports.write(report.toJson(), file);
  }

  @Override
  public String toString() {
    return table();
  }
}
