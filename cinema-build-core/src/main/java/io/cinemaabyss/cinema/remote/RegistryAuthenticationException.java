package io.cinemaabyss.cinema.remote;

/** The registry refused the credential (or its absence): 401 or 403. */
public final class RegistryAuthenticationException extends RegistryException {

  public RegistryAuthenticationException(Kind kind, int status, String message, Throwable cause) {
    super(kind, status, message, cause);
  }
}
