package io.cinemaabyss.cinema.api;

import io.cinemaabyss.cinema.BuildLog;
import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.host.BinfmtRegistration;
import io.cinemaabyss.cinema.host.HostEmulation;
import io.cinemaabyss.cinema.oci.Platform;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What {@link Cinema#ensureEmulation} did so that this Linux host runs binaries of the target
 * platforms under QEMU: the platforms it already ran, those it registered with binfmt_misc, and
 * those it cannot, with the command that would.
 */
public final class HostEmulationSetup {

  private final BinfmtRegistration registration;
  private final BinfmtRegistration.Outcome outcome;
  private final HostEmulation host;

  private HostEmulationSetup(BinfmtRegistration registration, BinfmtRegistration.Outcome outcome) {
    this.registration = registration;
    this.outcome = outcome;
    this.host = registration.emulation();
  }

  static HostEmulationSetup ensure(List<Platform> targets, BuildLog log) {
    BinfmtRegistration registration = BinfmtRegistration.forThisHost(log);
    return new HostEmulationSetup(registration, registration.ensure(targets));
  }

  /** A line per platform this host already ran, saying how (natively, a binfmt handler, qemu on the PATH). */
  public List<String> alreadyAvailable() {
    return outcome.alreadyAvailable().stream().map(host::describe).toList();
  }

  /** A line per platform registered now. */
  public List<String> registered() {
    return outcome.registered().stream().map(host::describe).toList();
  }

  public boolean complete() {
    return outcome.complete();
  }

  /** Fails naming the platforms this host still cannot run and the command that would make it. */
  public HostEmulationSetup requireComplete() {
    if (!complete()) {
      throw new CinemaException("This host cannot run " + outcome.missing().stream().map(Platform::toString).collect(Collectors.joining(", "))
          + " containers. Run: " + outcome.command().orElse(registration.instructions(outcome.missing())));
    }
    return this;
  }
}
