package io.cinemaabyss.cinema.check;

import io.cinemaabyss.cinema.CinemaException;

/** An image that failed verification; the message lists every problem. */
public final class ImageVerificationException extends CinemaException {

  private final transient VerificationResult result;

  public ImageVerificationException(VerificationResult result) {
    super(message(result));
    this.result = result;
  }

  public VerificationResult result() {
    return result;
  }

  private static String message(VerificationResult result) {
    StringBuilder out = new StringBuilder("Image ").append(result.report().source()).append(" failed verification with ")
        .append(result.problems().size()).append(result.problems().size() == 1 ? " problem:" : " problems:");
    for (String problem : result.problems()) {
      out.append(System.lineSeparator()).append("  - ").append(problem);
    }
    return out.toString();
  }
}
