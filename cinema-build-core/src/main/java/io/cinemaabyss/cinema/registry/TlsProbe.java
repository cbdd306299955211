package io.cinemaabyss.cinema.registry;

import io.cinemaabyss.cinema.CinemaException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One TLS handshake with a registry before the first real call. jib's HTTP client retries a failed
 * handshake with back-off for over a minute; a plain-HTTP or self-signed registry should fail at
 * once with the setting that fixes it.
 */
final class TlsProbe {

  private static final int TIMEOUT_MS = 10_000;

  private TlsProbe() {}

  /** Fails fast when {@code registry} (host[:port]) does not speak verified TLS. */
  static void check(String registry) {
    String host = registry;
    int port = 443;
    int colon = registry.lastIndexOf(':');
    if (colon > 0 && registry.indexOf(']') < colon) {
      host = registry.substring(0, colon);
      port = Integer.parseInt(registry.substring(colon + 1));
    }
    host = host.replace("[", "").replace("]", "");
    try (Socket plain = new Socket()) {
      plain.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
      plain.setSoTimeout(TIMEOUT_MS);
      try (SSLSocket tls = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket(plain, host, port, false)) {
        tls.startHandshake();
      }
    } catch (SSLException e) {
      throw new CinemaException(
          "Registry " + registry + " is not reachable over verified HTTPS (" + e.getMessage()
              + "). If it is a plain-HTTP or self-signed registry you trust, set cinema.allowInsecureRegistries=true.",
          e);
    } catch (UnknownHostException e) {
      throw new CinemaException("Unknown registry host '" + host + "': check the image name.", e);
    } catch (ConnectException e) {
      throw new CinemaException(
          "Cannot connect to registry " + registry + " (" + e.getMessage() + "): is it running and reachable?", e);
    } catch (IOException e) {
      // Anything else (a proxy, a slow network) is left to the real call and its retries.
    }
  }
}
