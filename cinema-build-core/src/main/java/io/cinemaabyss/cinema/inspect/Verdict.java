package io.cinemaabyss.cinema.inspect;

/**
 * One check on one platform's image and its outcome.
 *
 * @param check what was checked: {@code platform} (index against config) or {@code binary}
 *     (config against the entrypoint's ELF)
 */
public record Verdict(String check, boolean ok, String message) {

  public static final String PLATFORM = "platform";
  public static final String BINARY = "binary";

  static Verdict pass(String check, String message) {
    return new Verdict(check, true, message);
  }

  static Verdict fail(String check, String message) {
    return new Verdict(check, false, message);
  }
}
