package io.cinemaabyss.cinema.deployment;

import java.util.List;

/**
 * The verdict on one container's image in one workload.
 *
 * @param digest the digest the image reference resolved to (the index's, for a multi-platform
 *     image); empty when it could not be read
 * @param needed the platforms of the nodes the pod may run on
 * @param present the platforms the image has
 * @param problems what would fail, one line each
 * @param fix what to do about it; empty when the verdict is {@link Outcome#OK}
 */
public record ImageCheck(
    ContainerImage container, String digest, List<String> needed, List<String> present, Outcome outcome,
    List<String> problems, String fix) {

  /** How the image fares on the nodes it would run on. */
  public enum Outcome {
    /** Every platform the pod needs is there, and its binary is of that platform. */
    OK,
    /** The image was read, and some node would fail to run it. */
    FAILED,
    /** The image could not be read: unknown image, unreachable registry, refused credentials. */
    UNREADABLE
  }

  public ImageCheck {
    needed = List.copyOf(needed);
    present = List.copyOf(present);
    problems = List.copyOf(problems);
  }

  public boolean ok() {
    return outcome == Outcome.OK;
  }
}
