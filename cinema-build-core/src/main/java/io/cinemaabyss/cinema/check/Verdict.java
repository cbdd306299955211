package io.cinemaabyss.cinema.check;

import java.util.Locale;

/**
 * One check on one platform's image and its outcome.
 *
 * @param check what was checked
 */
public record Verdict(Check check, boolean ok, String message) {

  /** The checks a platform's image goes through. */
  public enum Check {
    /** The index entry's platform against the config's. */
    PLATFORM,
    /** The config's platform against the entrypoint's ELF. */
    BINARY,
    /** An SBOM is attached, and the modules it names are exactly those of the entrypoint binary. */
    SBOM,
    /** A provenance statement is attached. */
    PROVENANCE;

    /** The name in reports: {@code platform}, {@code binary}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  static Verdict pass(Check check, String message) {
    return new Verdict(check, true, message);
  }

  static Verdict fail(Check check, String message) {
    return new Verdict(check, false, message);
  }
}
