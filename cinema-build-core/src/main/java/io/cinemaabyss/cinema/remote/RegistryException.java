package io.cinemaabyss.cinema.remote;

import io.cinemaabyss.cinema.CinemaException;
import java.util.OptionalInt;

/**
 * A registry call that failed, with its cause as a {@link Kind} taken from the status code or the
 * exception type, never from message text, so callers can act on it.
 */
public class RegistryException extends CinemaException {

  /** Why a registry call failed. */
  public enum Kind {
    /** 401 after the credential was offered, or no credential for a registry that needs one. */
    UNAUTHORIZED,
    /** 403: the credential is valid but may not do this. */
    DENIED,
    NOT_FOUND,
    /** Another 4xx: the registry refused the request (its error code is in the message). */
    REJECTED,
    /** 5xx or 429 on every attempt. */
    UNAVAILABLE,
    /** The registry stayed silent longer than the read timeout, or the deadline passed. */
    TIMEOUT,
    /** The connection was refused or reset on every attempt. */
    CONNECTION,
    UNKNOWN_HOST,
    /** No verified TLS and the registry was not declared insecure. */
    TLS,
    /** Credentials would go over plain HTTP to a host the user did not name for it. */
    INSECURE_CREDENTIALS,
    /** Content whose digest or size is not what it was asked for, or an answer that breaks the protocol. */
    BAD_CONTENT
  }

  private final Kind kind;
  private final int status;

  public RegistryException(Kind kind, int status, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.status = status;
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP status of the last answer, when there was one. */
  public OptionalInt status() {
    return status > 0 ? OptionalInt.of(status) : OptionalInt.empty();
  }
}
