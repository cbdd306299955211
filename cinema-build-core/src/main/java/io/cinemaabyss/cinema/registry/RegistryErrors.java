package io.cinemaabyss.cinema.registry;

import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InsecureRegistryException;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryUnauthorizedException;
import com.google.cloud.tools.jib.registry.RegistryClient;
import io.cinemaabyss.cinema.CinemaException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.Optional;

/** Turns jib registry failures into messages that name the registry, the credential source and the fix. */
public final class RegistryErrors {

  private RegistryErrors() {}

  static void authenticate(
      RegistryClient client, ImageReference image, Optional<RegistryCredentials.Found> found, boolean push) {
    try {
      boolean bearer = push ? client.doPushBearerAuth() : client.doPullBearerAuth();
      if (!bearer && found.isPresent()) {
        // jib's Basic auth needs a credential; without one the registry is used anonymously
        client.configureBasicAuth();
      }
    } catch (IOException | RegistryException e) {
      throw translate(e, image, found, push ? "authenticate for push to" : "authenticate to");
    }
  }

  /** A clear error for a failed registry call, naming the registry, what was done and the fix. */
  public static CinemaException translate(
      Exception e, ImageReference image, Optional<RegistryCredentials.Found> found, String action) {
    String registry = image.getRegistry();
    String who = found.map(RegistryCredentials.Found::toString).orElse("no credential (anonymous)");
    Throwable root = rootCause(e);
    if (e instanceof RegistryUnauthorizedException || isUnauthorized(e)) {
      return new RegistryAuthenticationException(
          "Registry "
              + registry
              + " refused "
              + who
              + " when trying to "
              + action
              + " "
              + image
              + ". Check the username and password/token of that source, or configure another: "
              + "<auth> in the plugin, a settings.xml <server> with id '"
              + registry
              + "', docker login "
              + registry
              + ", or CINEMA_REGISTRY_USERNAME/CINEMA_REGISTRY_PASSWORD.",
          e);
    }
    if (e instanceof InsecureRegistryException || root instanceof javax.net.ssl.SSLException) {
      return new CinemaException(
          "Registry "
              + registry
              + " is not reachable over verified HTTPS ("
              + root.getMessage()
              + "). If it is a plain-HTTP or self-signed registry you trust, set cinema.allowInsecureRegistries=true.",
          e);
    }
    if (root instanceof UnknownHostException) {
      return new CinemaException(
          "Unknown registry host '" + registry + "' in " + image + ": check the image name (cinema.image).", e);
    }
    if (root instanceof ConnectException) {
      return new CinemaException(
          "Cannot connect to registry " + registry + " (" + root.getMessage() + ") to " + action + " " + image
              + ": is it running and reachable? With plain HTTP, also set cinema.allowInsecureRegistries=true.",
          e);
    }
    return new CinemaException(
        "Registry " + registry + " failed when trying to " + action + " " + image + ": " + root.getMessage(), e);
  }

  private static boolean isUnauthorized(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof RegistryUnauthorizedException) {
        return true;
      }
      String message = String.valueOf(t.getMessage());
      if (message.contains("401") || message.contains("Unauthorized") || message.contains("UNAUTHORIZED")) {
        return true;
      }
    }
    return false;
  }

  private static Throwable rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }
}
