package io.cinemaabyss.cinema.build.dockerfile;

import io.cinemaabyss.cinema.BuildLog;
import io.cinemaabyss.cinema.host.BinfmtRegistration;
import io.cinemaabyss.cinema.host.EmulationUnavailableException;
import io.cinemaabyss.cinema.host.HostEmulation;
import io.cinemaabyss.cinema.oci.Platform;
import java.util.ArrayList;
import java.util.List;

/**
 * Before a build: says which platforms will run RUN steps under emulation and how, and stops a
 * build that would fail with "exec format error" deep in its log because the host cannot emulate.
 */
public final class EmulationCheck {

  private EmulationCheck() {}

  /**
   * Logs each need and how the host meets it; fails naming the stages, lines and the command to
   * run when the host cannot.
   */
  public static void require(List<EmulationNeed> needs, HostEmulation host, BinfmtRegistration registration, String source, BuildLog log) {
    List<Platform> missing = new ArrayList<>();
    StringBuilder details = new StringBuilder();
    for (EmulationNeed need : needs) {
      if (host.canRunInContainers(need.platform())) {
        log.info(need.platform() + ": " + need.runSteps() + " RUN step" + (need.runSteps() == 1 ? "" : "s") + " of "
            + need.describe(source) + " will run under emulation: " + host.describe(need.platform()));
      } else {
        missing.add(need.platform());
        details.append(System.lineSeparator()).append("  ").append(need.platform()).append(": ").append(need.describe(source))
            .append(" - ").append(host.describe(need.platform()));
      }
    }
    if (!missing.isEmpty()) {
      throw new EmulationUnavailableException(
          "This build runs RUN steps on platforms this host cannot execute, so they would fail with 'exec format error':"
              + details + System.lineSeparator()
              + "Fix: register QEMU emulation once (as root): " + registration.instructions(missing)
              + " (or run mvn cinema:binfmt as root); or make those stages run on the build platform"
              + " with FROM --platform=$BUILDPLATFORM and cross-compile.");
    }
  }
}
