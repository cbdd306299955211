package io.cinemaabyss.cinema.remote;

import io.cinemaabyss.cinema.BuildLog;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The one HTTP layer of every registry call: which scheme and trust a registry gets (probed once),
 * timeouts, retries with capped exponential backoff and jitter, {@code Retry-After}, redirects that
 * never carry {@code Authorization} to another origin, and failures mapped to {@link RegistryException.Kind}
 * from status codes and exception types.
 */
final class RegistryTransport {

  /** How a registry is reached, found by the first call to it. */
  record Endpoint(String scheme, boolean trustAll) {}

  /** One HTTP request: a fresh body per attempt, and the words that name it in messages. */
  record Call(String method, URI uri, Map<String, String> headers, Supplier<HttpRequest.BodyPublisher> body, long bodySize, String what) {
    Call withUri(URI other) {
      return new Call(method, other, headers, body, bodySize, what);
    }
  }

  private final RegistryOptions options;
  private final BuildLog log;
  /** Made on first use: a build that reads no registry (a warm rebuild, the built-in base) loads no TLS stack. */
  private volatile HttpClient verified;
  private volatile HttpClient trustAll;
  private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();

  RegistryTransport(RegistryOptions options, BuildLog log) {
    this.options = options;
    this.log = log;
  }

  RegistryOptions options() {
    return options;
  }

  /** The scheme and trust for {@code registry}, probing it once: verified HTTPS, else what the user allowed. */
  Endpoint endpoint(String registry, Deadline deadline) {
    Endpoint known = endpoints.get(registry);
    if (known != null) {
      return known;
    }
    Endpoint found = probe(registry, deadline);
    endpoints.putIfAbsent(registry, found);
    return endpoints.get(registry);
  }

  private Endpoint probe(String registry, Deadline deadline) {
    boolean insecure = options.isInsecure(registry);
    URI https = URI.create("https://" + registry + "/v2/");
    try {
      ping(verified(), https, deadline);
      return new Endpoint("https", false);
    } catch (SSLException e) {
      if (!insecure) {
        throw new RegistryException(
            RegistryException.Kind.TLS, 0,
            "Registry " + registry + " is not reachable over verified HTTPS (" + e.getMessage()
                + "). If it is a plain-HTTP or self-signed registry you trust, set " + options.setting("cinema.allowInsecureRegistries=true")
                + " (or name it in " + options.setting("cinema.insecureRegistries") + ").", e);
      }
      // perhaps a TLS server whose certificate is not trusted: accept it, as the user allowed
      try {
        ping(trustAll(), https, deadline);
        log.info("Registry " + registry + ": TLS certificate not verified (insecure registry allowed)");
        return new Endpoint("https", true);
      } catch (IOException notTls) {
        // not TLS after all: fall through to plain HTTP
      }
    } catch (ConnectException e) {
      if (unresolved(e)) {
        throw unknownHost(registry, e);
      }
      if (!insecure) {
        throw connectionFailure(registry, "connect to", e);
      }
    } catch (UnknownHostException e) {
      throw unknownHost(registry, e);
    } catch (HttpConnectTimeoutException e) {
      if (!insecure) {
        throw connectTimeout(registry, e);
      }
      // perhaps a plain-HTTP server that does not answer a TLS handshake: try plain HTTP, as the user allowed
    } catch (IOException e) {
      if (!insecure) {
        throw transportFailure(registry, "GET " + https, e);
      }
    }
    try {
      ping(verified(), URI.create("http://" + registry + "/v2/"), deadline);
    } catch (UnknownHostException e) {
      throw unknownHost(registry, e);
    } catch (HttpConnectTimeoutException e) {
      throw connectTimeout(registry, e);
    } catch (IOException e) {
      if (unresolved(e)) {
        throw unknownHost(registry, e);
      }
      throw transportFailure(registry, "GET http://" + registry + "/v2/", e);
    }
    log.info("Registry " + registry + ": plain HTTP (insecure registry allowed)");
    return new Endpoint("http", false);
  }

  private void ping(HttpClient client, URI uri, Deadline deadline) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(deadline.timeout(options.readTimeout())).GET().build();
    try {
      client.send(request, HttpResponse.BodyHandlers.discarding());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  HttpClient client(Endpoint endpoint) {
    return endpoint.trustAll() ? trustAll() : verified();
  }

  private HttpClient verified() {
    HttpClient client = verified;
    if (client == null) {
      synchronized (this) {
        if (verified == null) {
          verified = HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .followRedirects(HttpClient.Redirect.NEVER)
              .connectTimeout(options.connectTimeout())
              .build();
        }
        client = verified;
      }
    }
    return client;
  }

  private HttpClient trustAll() {
    HttpClient client = trustAll;
    if (client == null) {
      synchronized (this) {
        if (trustAll == null) {
          try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new AcceptAll()}, new SecureRandom());
            trustAll = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(options.connectTimeout())
                .sslContext(context)
                .build();
          } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
          }
        }
        client = trustAll;
      }
    }
    return client;
  }

  /**
   * Sends {@code call}, retrying transient failures, and returns the response with its body open
   * (the caller closes it), whatever its status; failures without a response end in a
   * {@link RegistryException}.
   *
   * @param retry whether a transient failure is tried again (false for a request that the caller resumes itself)
   * @param authorization the header for the registry's origin, or empty
   */
  HttpResponse<InputStream> send(String registry, Call call, Optional<String> authorization, boolean retry, Deadline deadline) {
    return send(registry, endpoint(registry, deadline), call, authorization, retry, deadline);
  }

  /**
   * Sends a token request to {@code authority} (the realm of {@code registry}'s Bearer challenge),
   * with the credential for that origin alone, trusting it as {@code registry} is trusted.
   */
  HttpResponse<InputStream> sendTo(String registry, String authority, Call call, Optional<String> authorization, Deadline deadline) {
    boolean trust = endpoint(registry, deadline).trustAll() || options.isInsecure(authority);
    return send(authority, new Endpoint(call.uri().getScheme(), trust), call, authorization, true, deadline);
  }

  private HttpResponse<InputStream> send(
      String registry, Endpoint endpoint, Call call, Optional<String> authorization, boolean retry, Deadline deadline) {
    int attempt = 0;
    int redirects = 0;
    Call current = call;
    boolean timedOutOnce = false;
    while (true) {
      HttpResponse<InputStream> response;
      Duration silence = deadline.timeout(options.readTimeout());
      try {
        response = once(endpoint, registry, current, authorization, silence, deadline);
      } catch (HttpTimeoutException e) {
        boolean again = retry && !timedOutOnce && !(e instanceof HttpConnectTimeoutException && attempt >= options.retries());
        timedOutOnce = true;
        if (!again || deadline.expired()) {
          throw new RegistryException(
              RegistryException.Kind.TIMEOUT, 0,
              noAnswer(registry, silence, current) + limit(silence), e);
        }
        continue;
      } catch (UnknownHostException e) {
        throw unknownHost(registry, e);
      } catch (SSLException e) {
        throw new RegistryException(RegistryException.Kind.TLS, 0, "TLS failed with registry " + registry + " to " + call.what() + ": " + e.getMessage(), e);
      } catch (IOException e) {
        if (unresolved(e)) {
          throw unknownHost(registry, e);
        }
        if (!retry || attempt >= options.retries() || deadline.expired()) {
          throw transportFailure(registry, call.what(), e).withAttempts(attempt + 1);
        }
        log.debug("Registry " + registry + ": " + e.getClass().getSimpleName() + " on " + call.what() + "; retry " + (attempt + 1) + " of " + options.retries());
        sleep(backoff(attempt++, Optional.empty()), deadline);
        continue;
      }
      int status = response.statusCode();
      if ((status == 429 || status == 500 || status == 502 || status == 503 || status == 504) && retry && attempt < options.retries() && !deadline.expired()) {
        Optional<Duration> after = retryAfter(response);
        close(response);
        log.debug("Registry " + registry + ": " + status + " on " + call.what() + "; retry " + (attempt + 1) + " of " + options.retries()
            + after.map(a -> " after Retry-After " + a.toMillis() + " ms").orElse(""));
        sleep(backoff(attempt++, after), deadline);
        continue;
      }
      if ((status == 301 || status == 302 || status == 303 || status == 307 || status == 308)
          && response.headers().firstValue("Location").isPresent()
          && (current.method().equals("GET") || current.method().equals("HEAD"))) {
        if (++redirects > 5) {
          close(response);
          throw new RegistryException(RegistryException.Kind.BAD_CONTENT, status, "Registry " + registry + " redirected " + call.what() + " more than 5 times", null);
        }
        URI next = current.uri().resolve(response.headers().firstValue("Location").get());
        close(response);
        current = current.withUri(next);
        continue;
      }
      return response;
    }
  }

  private HttpResponse<InputStream> once(
      Endpoint endpoint, String registry, Call call, Optional<String> authorization, Duration silence, Deadline deadline) throws IOException {
    HttpRequest.Builder builder = HttpRequest.newBuilder(call.uri()).header("User-Agent", "cinema-build");
    call.headers().forEach(builder::header);
    if (authorization.isPresent() && sameOrigin(call.uri(), endpoint, registry)) {
      if (call.uri().getScheme().equals("http") && !options.mayCredentialOverHttp(registry, call.uri().getHost())) {
        throw new RegistryException(
            RegistryException.Kind.INSECURE_CREDENTIALS, 0,
            "Refusing to send credentials over plain HTTP to " + registry + " (not a loopback address). Serve it over HTTPS,"
                + " or, if this network is trusted, name it in " + options.setting("cinema.plainHttpCredentialRegistries") + "=" + registry + ".", null);
      }
      builder.header("Authorization", authorization.get());
    }
    HttpResponse.BodyHandler<InputStream> body = info -> new Silence.Body(options.readTimeout(),
        () -> noAnswer(registry, options.readTimeout(), call) + " while sending the body of its answer");
    try {
      if (call.body() == null || call.bodySize() <= 0) {
        builder.method(call.method(), call.body() == null ? HttpRequest.BodyPublishers.noBody() : call.body().get());
        return client(endpoint).send(builder.timeout(silence).build(), body);
      }
      // an upload may take long, but never a read timeout without the registry taking a byte of it or answering
      Silence.Watched watched = new Silence.Watched(call.body().get());
      CompletableFuture<HttpResponse<InputStream>> answer =
          client(endpoint).sendAsync(builder.method(call.method(), watched).timeout(deadline.timeout(options.deadline())).build(), body);
      while (true) {
        Duration left = silence.minus(watched.quietFor());
        if (left.isNegative() || left.isZero()) {
          answer.cancel(true);
          throw new HttpTimeoutException("the registry took no byte of the body and did not answer");
        }
        try {
          return answer.get(left.toMillis() + 1, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          // check how long the registry has been quiet
        } catch (ExecutionException e) {
          throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryException(RegistryException.Kind.CONNECTION, 0, "Interrupted while trying to " + call.what(), e);
    }
  }

  /** Which limit ended a silent request: the read timeout, or the whole operation's deadline. */
  private String limit(Duration waited) {
    return waited.compareTo(options.readTimeout()) < 0
        ? "; the deadline of the whole operation (" + options.setting("cinema.registry.deadline") + ", " + options.deadline().toSeconds() + " s) is reached"
        : "; the read timeout is " + options.setting("cinema.registry.readTimeout");
  }

  /** "No answer from REGISTRY for N s to WHAT (METHOD URI without its query)": names the request, never its upload token. */
  static String noAnswer(String registry, Duration waited, Call call) {
    return "No answer from " + registry + " for " + Math.max(1, waited.toSeconds()) + " s to " + call.what()
        + " (" + call.method() + " " + redact(call.uri()) + ")";
  }

  static boolean sameOrigin(URI uri, Endpoint endpoint, String registry) {
    URI base = URI.create(endpoint.scheme() + "://" + registry);
    return uri.getScheme().equalsIgnoreCase(base.getScheme())
        && uri.getHost() != null && uri.getHost().equalsIgnoreCase(base.getHost())
        && port(uri) == port(base);
  }

  private static int port(URI uri) {
    return uri.getPort() >= 0 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
  }

  /** Capped exponential backoff with full jitter; a Retry-After within the cap wins. */
  Duration backoff(int attempt, Optional<Duration> retryAfter) {
    long cap = options.backoffCap().toMillis();
    if (retryAfter.isPresent()) {
      return Duration.ofMillis(Math.min(cap, Math.max(0, retryAfter.get().toMillis())));
    }
    long exp = Math.min(cap, options.backoffBase().toMillis() << Math.min(attempt, 20));
    return Duration.ofMillis(exp / 2 + ThreadLocalRandom.current().nextLong(exp / 2 + 1));
  }

  /** {@code Retry-After} as seconds or an HTTP date. */
  static Optional<Duration> retryAfter(HttpResponse<?> response) {
    return response.headers().firstValue("Retry-After").flatMap(RegistryTransport::parseRetryAfter);
  }

  static Optional<Duration> parseRetryAfter(String value) {
    String v = value.trim();
    try {
      return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
    } catch (NumberFormatException e) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
      } catch (DateTimeParseException e2) {
        return Optional.empty();
      }
    }
  }

  void sleep(Duration wait, Deadline deadline) {
    try {
      Thread.sleep(Math.max(0, Math.min(wait.toMillis(), deadline.remaining().toMillis())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryException(RegistryException.Kind.CONNECTION, 0, "Interrupted while waiting to retry", e);
    }
  }

  static void close(HttpResponse<InputStream> response) {
    try (InputStream body = response.body()) {
      body.skip(64 * 1024);
    } catch (IOException ignored) {
      // the connection is dropped instead of reused
    }
  }

  /** The URI without its query, where upload session tokens ({@code _state}) live. */
  static String redact(URI uri) {
    String s = uri.toString();
    int q = s.indexOf('?');
    return q < 0 ? s : s.substring(0, q) + "?...";
  }

  /** java.net.http reports an unknown host as a ConnectException caused by UnresolvedAddressException. */
  private static boolean unresolved(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.nio.channels.UnresolvedAddressException || t instanceof UnknownHostException) {
        return true;
      }
    }
    return false;
  }

  private static RegistryException unknownHost(String registry, Exception e) {
    return new RegistryException(
        RegistryException.Kind.UNKNOWN_HOST, 0, "Unknown registry host '" + registry + "': check the image name (cinema.image).", e);
  }

  private RegistryException connectTimeout(String registry, HttpConnectTimeoutException e) {
    return new RegistryException(
        RegistryException.Kind.TIMEOUT, 0,
        "Cannot connect to registry " + registry + " within " + options.connectTimeout().toSeconds()
            + " s (" + options.setting("cinema.registry.connectTimeout") + "): is it running and reachable?", e);
  }

  private RegistryException connectionFailure(String registry, String what, Exception e) {
    return new RegistryException(
        RegistryException.Kind.CONNECTION, 0,
        "Cannot connect to registry " + registry + " (" + e.getClass().getSimpleName() + ") to " + what
            + ": is it running and reachable? With plain HTTP, also set " + options.setting("cinema.allowInsecureRegistries=true") + ".", e);
  }

  static TransportFailure transportFailure(String registry, String what, IOException e) {
    return new TransportFailure(registry, what, e, 1);
  }

  /** A connection that failed or was reset on every attempt. */
  static final class TransportFailure extends RegistryException {
    TransportFailure(String registry, String what, IOException e, int attempts) {
      super(
          Kind.CONNECTION, 0,
          (e instanceof ConnectException ? "Cannot connect to registry " + registry : "The connection to registry " + registry + " failed")
              + " (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ") to " + what
              + (attempts > 1 ? " after " + attempts + " attempts" : "") + ": is it running and reachable?",
          e);
      this.registry = registry;
      this.what = what;
      this.cause = e;
    }

    private final String registry;
    private final String what;
    private final IOException cause;

    TransportFailure withAttempts(int attempts) {
      return new TransportFailure(registry, what, cause, attempts);
    }
  }

  /** The overall deadline of one operation; every request's timeout is cut to what is left. */
  static final class Deadline {
    private final long end;

    Deadline(Duration total) {
      this.end = System.nanoTime() + total.toNanos();
    }

    Duration remaining() {
      return Duration.ofNanos(Math.max(0, end - System.nanoTime()));
    }

    boolean expired() {
      return System.nanoTime() >= end;
    }

    Duration timeout(Duration wanted) {
      Duration left = remaining();
      Duration t = wanted.compareTo(left) < 0 ? wanted : left;
      return t.isZero() ? Duration.ofMillis(1) : t;
    }
  }

  private static final class AcceptAll implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
