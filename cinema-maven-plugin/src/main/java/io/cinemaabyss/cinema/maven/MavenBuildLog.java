package io.cinemaabyss.cinema.maven;

import io.cinemaabyss.cinema.BuildLog;
import org.apache.maven.plugin.logging.Log;

/** The library's log, written to Maven's. */
final class MavenBuildLog implements BuildLog {

  private final Log log;

  MavenBuildLog(Log log) {
    this.log = log;
  }

  @Override
  public void info(String message) {
    log.info(message);
  }

  @Override
  public void warn(String message) {
    log.warn(message);
  }

  @Override
  public void debug(String message) {
    if (log.isDebugEnabled()) {
      log.debug(message);
    }
  }
}
