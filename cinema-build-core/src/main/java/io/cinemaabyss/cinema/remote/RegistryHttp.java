package io.cinemaabyss.cinema.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.cloud.tools.jib.api.Credential;
import io.cinemaabyss.cinema.json.Json;
import io.cinemaabyss.cinema.oci.Digest;
import io.cinemaabyss.cinema.oci.ImageContent;
import io.cinemaabyss.cinema.oci.MediaType;
import io.cinemaabyss.cinema.oci.Reference;
import io.cinemaabyss.cinema.store.DigestCheckingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The registry client: every read and write of one repository (manifests with their exact bytes,
 * blobs checked against their digest, uploads that resume, cross-repository mounts), with the token
 * handshake (Bearer or Basic) and, through {@link RegistryTransport}, the retry, timeout, TLS and
 * redirect rules of every call.
 */
public final class RegistryHttp {

  /** Registries answer 404 for an index unless it is asked for by media type. */
  public static final List<String> MANIFEST_ACCEPT =
      List.of(MediaType.OCI_INDEX.value(), MediaType.DOCKER_LIST.value(), MediaType.OCI_MANIFEST.value(), MediaType.DOCKER_MANIFEST.value());

  /** Manifests over this size are refused, as registries do. */
  public static final int MAX_MANIFEST_BYTES = ImageContent.MAX_BYTES;

  private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  private final RegistryTransport transport;
  private final Reference image;
  private final Optional<RegistryCredentials.Found> credential;
  private final boolean push;
  private final List<String> mountFrom = new ArrayList<>();
  private final RegistryTransport.Deadline deadline;
  private volatile Optional<String> authorization = Optional.empty();

  RegistryHttp(RegistryTransport transport, Reference image, Optional<RegistryCredentials.Found> credential, boolean push) {
    this.transport = transport;
    this.image = image;
    this.credential = credential;
    this.push = push;
    this.deadline = new RegistryTransport.Deadline(transport.options().deadline());
  }

  public Reference image() {
    return image;
  }

  /** Which credential this client uses, for log lines. */
  public String credentialName() {
    return credential.map(RegistryCredentials.Found::toString).orElse("no credential (anonymous)");
  }

  /** Also asks for pull access to {@code repository} of the same registry, so blobs can be mounted from it. */
  public RegistryHttp mountingFrom(String repository) {
    synchronized (mountFrom) {
      if (!mountFrom.contains(repository)) {
        mountFrom.add(repository);
        authorization = Optional.empty();
      }
    }
    return this;
  }

  /**
   * Fetches the manifest or index that {@code reference} (a tag or digest) names.
   *
   * @return empty when the registry has no such manifest
   */
  public Optional<ImageContent> manifest(String reference) {
    String what = "read the manifest " + reference + " of " + repository();
    HttpResponse<InputStream> response =
        call("GET", path("/manifests/" + reference), Map.of("Accept", String.join(", ", MANIFEST_ACCEPT)), null, 0, what, true);
    try (InputStream body = response.body()) {
      if (response.statusCode() == 404) {
        return Optional.empty();
      }
      requireStatus(response, what, 200);
      long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
      if (length > MAX_MANIFEST_BYTES) {
        throw new RegistryException(
            RegistryException.Kind.BAD_CONTENT, 200,
            "The manifest " + reference + " of " + repository() + " is " + length
                + " bytes, over the 4 MB that registries allow: it is not a manifest this tool will read.", null);
      }
      byte[] bytes = body.readNBytes(MAX_MANIFEST_BYTES + 1);
      if (bytes.length > MAX_MANIFEST_BYTES) {
        throw new RegistryException(
            RegistryException.Kind.BAD_CONTENT, 200,
            "The manifest " + reference + " of " + repository() + " is over the 4 MB that registries allow.", null);
      }
      String digest = Digest.of(bytes).toString();
      String mediaType = response.headers().firstValue("Content-Type").map(RegistryHttp::stripParams).orElse("");
      if (reference.startsWith("sha256:") && !reference.equals(digest)) {
        throw new RegistryException(
            RegistryException.Kind.BAD_CONTENT, 200,
            "Registry " + image.host() + " returned content for " + reference + " whose digest is " + digest, null);
      }
      return Optional.of(ImageContent.parse(bytes, mediaType.equals("application/json") ? "" : mediaType,
          "The manifest " + digest + " of " + repository()));
    } catch (IOException e) {
      throw readFailure(what, e);
    }
  }

  /** Stores a manifest or index under {@code reference} (a tag or its digest); returns its digest. */
  public String putManifest(String reference, String mediaType, byte[] bytes) {
    put(reference, mediaType, bytes, "push the manifest " + reference + " to " + repository());
    return Digest.of(bytes).toString();
  }

  /**
   * Stores an artifact manifest that has a {@code subject} under its digest.
   *
   * @return true when the registry answered with {@code OCI-Subject}: it keeps the referrers index
   *     itself (OCI 1.1 referrers API); false when the client must keep the {@code sha256-<hex>} tag
   */
  public boolean putReferrer(String digest, String mediaType, byte[] bytes) {
    return put(digest, mediaType, bytes, "push the artifact manifest " + digest + " to " + repository())
        .firstValue("OCI-Subject").isPresent();
  }

  /** PUTs a manifest's exact bytes under {@code reference}; the answer's headers. */
  private java.net.http.HttpHeaders put(String reference, String mediaType, byte[] bytes, String what) {
    HttpResponse<InputStream> response =
        call("PUT", path("/manifests/" + reference), Map.of("Content-Type", mediaType),
            () -> HttpRequest.BodyPublishers.ofByteArray(bytes), bytes.length, what, true);
    try (InputStream ignored = response.body()) {
      requireStatus(response, what, 201, 200, 202);
      return response.headers();
    } catch (IOException e) {
      throw readFailure(what, e);
    }
  }

  /**
   * The referrers of the manifest {@code digest} through the OCI 1.1 referrers API
   * ({@code GET /v2/<name>/referrers/<digest>}).
   *
   * @return empty when the registry has no such API (404, as distribution 2.8 answers): the
   *     {@code sha256-<hex>} tag is where its referrers are then
   */
  public Optional<io.cinemaabyss.cinema.oci.Index> referrers(String digest) {
    String what = "read the referrers of " + digest + " in " + repository();
    HttpResponse<InputStream> response =
        call("GET", path("/referrers/" + digest), Map.of("Accept", MediaType.OCI_INDEX.value()), null, 0, what, true);
    try (InputStream body = response.body()) {
      if (response.statusCode() == 404 || response.statusCode() == 405) {
        return Optional.empty();
      }
      requireStatus(response, what, 200);
      byte[] bytes = body.readNBytes(MAX_MANIFEST_BYTES + 1);
      if (bytes.length > MAX_MANIFEST_BYTES) {
        throw new RegistryException(
            RegistryException.Kind.BAD_CONTENT, 200, "The referrers of " + digest + " in " + repository() + " are over 4 MB.", null);
      }
      return Optional.of(io.cinemaabyss.cinema.oci.Index.parse(bytes, "The referrers of " + digest + " in " + repository()));
    } catch (IOException e) {
      throw readFailure(what, e);
    }
  }

  /**
   * Opens a blob for streaming; the caller closes the stream. The bytes are checked against
   * {@code digest} as they are read: the stream fails at its end, or when it is closed early (the
   * rest is read and checked then), if they are not the blob asked for.
   */
  public InputStream blob(String digest) {
    return blob(digest, -1);
  }

  /** Like {@link #blob(String)}, also checking the size a descriptor declares ({@code -1}: unknown). */
  public InputStream blob(String digest, long size) {
    String what = "read the blob " + digest + " of " + repository();
    HttpResponse<InputStream> response = call("GET", path("/blobs/" + digest), Map.of(), null, 0, what, true);
    if (response.statusCode() != 200) {
      RegistryTransport.close(response);
      throw statusFailure(response, what);
    }
    return new DigestCheckingInputStream(response.body(), digest, size, "Blob " + digest + " from " + repository());
  }

  /** Whether the repository has the blob. */
  public boolean hasBlob(String digest) {
    String what = "check the blob " + digest + " in " + repository();
    HttpResponse<InputStream> response = call("HEAD", path("/blobs/" + digest), Map.of(), null, 0, what, true);
    RegistryTransport.close(response);
    if (response.statusCode() == 200) {
      return true;
    }
    if (response.statusCode() == 404) {
      return false;
    }
    throw statusFailure(response, what);
  }

  /** What an upload did and how many bytes it sent (more than the blob's size when it had to start over). */
  public record Upload(BlobPush.Outcome outcome, long bytesSent, int resumes) {}

  /**
   * Puts a blob into the repository: mounted from {@code from} when the registry allows, else
   * uploaded in PATCH requests (one, or chunks of {@link RegistryOptions#chunkSize()} for a larger
   * blob) and committed with PUT. A PATCH that fails asks the upload session how much it holds
   * ({@code GET}, {@code Range: 0-N}) and goes on from there; where the registry dropped the
   * session (distribution 2.8 does when part of a PATCH body arrived), the blob starts over in a new one.
   */
  public Upload uploadBlob(String digest, long size, Supplier<InputStream> content, Optional<String> from) {
    String what = "upload the blob " + digest + " to " + repository();
    String query = from.map(r -> "?mount=" + enc(digest) + "&from=" + enc(r)).orElse("");
    URI location = startSession(query, what);
    if (location == null) {
      return new Upload(BlobPush.Outcome.MOUNTED, 0, 0);
    }
    long chunk = size > transport.options().chunkSize() ? transport.options().chunkSize() : Math.max(1, size);
    long sent = 0;
    int resumes = 0;
    long offset = 0;
    int failures = 0;
    try (SequentialContent source = new SequentialContent(content)) {
      do {
        final long start = offset;
        final long end = Math.min(size, start + chunk);
        final URI at = location;
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/octet-stream");
        if (end > start) {
          headers.put("Content-Range", start + "-" + (end - 1));
        }
        HttpResponse<InputStream> response;
        try {
          response = transport.send(
              image.host(),
              new RegistryTransport.Call("PATCH", at, headers, () -> source.body(start, end), end - start, what),
              authorization, false, deadline);
        } catch (RegistryTransport.TransportFailure e) {
          response = null;
          if (failures >= transport.options().retries() || deadline.expired()) {
            throw e.withAttempts(failures + 1);
          }
        }
        if (response != null) {
          int status = response.statusCode();
          RegistryTransport.close(response);
          if (status == 202 || status == 204) {
            sent += end - start;
            offset = end;
            location = at.resolve(response.headers().firstValue("Location").orElse(at.toString()));
            continue;
          }
          if (status == 401) {
            authorize(response, what);
            continue;
          }
          boolean resumeRefused = start > 0 && (status == 400 || status == 416);
          if (!(status == 429 || status >= 500 || resumeRefused) || failures >= transport.options().retries()) {
            throw statusFailure(response, what);
          }
          if (resumeRefused) {
            // the session does not take the offset it reported: start the blob over in a new one
            failures++;
            location = startSession("", what);
            offset = 0;
            continue;
          }
        }
        transport.sleep(transport.backoff(failures++, response == null ? Optional.empty() : RegistryTransport.retryAfter(response)), deadline);
        Optional<Session> held = session(at);
        if (held.isPresent() && held.get().offset() <= size) {
          offset = held.get().offset();
          location = held.get().location();
          resumes++;
        } else {
          location = startSession("", what);
          offset = 0;
        }
      } while (offset < size);
    } catch (IOException e) {
      throw readFailure(what, e);
    }
    URI commit = URI.create(location + (location.getQuery() == null ? "?" : "&") + "digest=" + enc(digest));
    HttpResponse<InputStream> response =
        call("PUT", commit, Map.of("Content-Type", "application/octet-stream"), HttpRequest.BodyPublishers::noBody, 0, what, true);
    RegistryTransport.close(response);
    if (response.statusCode() != 201 && response.statusCode() != 204 && !hasBlob(digest)) {
      throw statusFailure(response, what);
    }
    return new Upload(BlobPush.Outcome.UPLOADED, sent, resumes);
  }

  /** POST of an upload session (with a mount query): the session URI, or null when the blob was mounted. */
  private URI startSession(String query, String what) {
    URI uri = path("/blobs/uploads/" + query);
    HttpResponse<InputStream> response = call("POST", uri, Map.of(), HttpRequest.BodyPublishers::noBody, 0, what, true);
    RegistryTransport.close(response);
    if (response.statusCode() == 201 && !query.isEmpty()) {
      return null;
    }
    if (response.statusCode() != 202) {
      throw statusFailure(response, what);
    }
    return uri.resolve(response.headers().firstValue("Location")
        .orElseThrow(() -> new RegistryException(RegistryException.Kind.BAD_CONTENT, 202, "Registry " + image.host() + " opened an upload without a Location to " + what, null)));
  }

  /** An upload session as the registry reports it: the bytes it holds and where to send the next ones. */
  private record Session(long offset, URI location) {}

  /** The upload session's state from its {@code Range: 0-N}; empty when the registry dropped it or does not say. */
  private Optional<Session> session(URI at) {
    try {
      HttpResponse<InputStream> response = call("GET", at, Map.of(), null, 0, "read the state of an upload to " + repository(), true);
      RegistryTransport.close(response);
      if (response.statusCode() != 204) {
        return Optional.empty();
      }
      URI next = at.resolve(response.headers().firstValue("Location").orElse(at.toString()));
      return response.headers().firstValue("Range").flatMap(RegistryHttp::rangeEnd).map(offset -> new Session(offset, next));
    } catch (RegistryException e) {
      return Optional.empty();
    }
  }

  /**
   * The offset to resume at from a session's {@code Range: 0-N} (N+1 bytes held). {@code 0-0} is
   * what registries answer for an empty session too, so it resumes at 0.
   */
  static Optional<Long> rangeEnd(String range) {
    Matcher m = Pattern.compile("(?:bytes=)?0-(\\d+)").matcher(range.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    long end = Long.parseLong(m.group(1));
    return Optional.of(end == 0 ? 0 : end + 1);
  }

  /**
   * A blob's content read front to back across the chunks of one upload: opened once, reopened
   * (and skipped to the offset) only when an upload resumes somewhere the stream is not.
   */
  private static final class SequentialContent implements java.io.Closeable {
    private final Supplier<InputStream> open;
    private InputStream in;
    private long position;

    SequentialContent(Supplier<InputStream> open) {
      this.open = open;
    }

    /** The bytes [start, end) as a request body; reading it advances this stream. */
    HttpRequest.BodyPublisher body(long start, long end) {
      return HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> view(start, end)), end - start);
    }

    private synchronized InputStream view(long start, long end) {
      try {
        if (in == null || position != start) {
          close();
          in = open.get();
          in.skipNBytes(start);
          position = start;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new InputStream() {
        @Override
        public int read() throws IOException {
          byte[] one = new byte[1];
          return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          synchronized (SequentialContent.this) {
            long left = end - position;
            if (left <= 0) {
              return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
              position += n;
            }
            return n;
          }
        }

        @Override
        public void close() {
          // the underlying stream serves the next chunk
        }
      };
    }

    /** Closes the content; a {@link DigestCheckingInputStream} checks its digest here, before the commit. */
    @Override
    public synchronized void close() throws IOException {
      if (in != null) {
        InputStream open = in;
        in = null;
        open.close();
      }
    }
  }

  private HttpResponse<InputStream> call(
      String method, URI uri, Map<String, String> headers, Supplier<HttpRequest.BodyPublisher> body, long size, String what, boolean retry) {
    RegistryTransport.Call call = new RegistryTransport.Call(method, uri, headers, body, size, what);
    HttpResponse<InputStream> response = transport.send(image.host(), call, authorization, retry, deadline);
    if (response.statusCode() != 401) {
      return response;
    }
    RegistryTransport.close(response);
    authorize(response, what);
    response = transport.send(image.host(), call, authorization, retry, deadline);
    if (response.statusCode() == 401) {
      RegistryTransport.close(response);
      throw statusFailure(response, what);
    }
    return response;
  }

  private void authorize(HttpResponse<?> challenge, String what) {
    String header = challenge.headers().firstValue("WWW-Authenticate").orElse("");
    if (credential.isEmpty() && !header.regionMatches(true, 0, "Bearer", 0, 6)) {
      throw statusFailure(challenge, what);
    }
    if (header.regionMatches(true, 0, "Basic", 0, 5)) {
      authorization = Optional.of(basic(credential.get().credential()));
      return;
    }
    if (!header.regionMatches(true, 0, "Bearer", 0, 6)) {
      throw new RegistryException(
          RegistryException.Kind.UNAUTHORIZED, 401,
          "Registry " + image.host() + " asks for an unsupported authentication scheme: " + header.split(" ", 2)[0], null);
    }
    Map<String, String> params = new TreeMap<>();
    Matcher m = PARAM.matcher(header);
    while (m.find()) {
      params.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2));
    }
    String realm = params.get("realm");
    if (realm == null) {
      throw new RegistryException(RegistryException.Kind.BAD_CONTENT, 401, "Registry " + image.host() + " sent a Bearer challenge without a realm", null);
    }
    StringBuilder url = new StringBuilder(realm).append(realm.contains("?") ? '&' : '?');
    url.append("scope=").append(enc("repository:" + image.repository() + (push ? ":pull,push" : ":pull")));
    synchronized (mountFrom) {
      for (String other : mountFrom) {
        url.append("&scope=").append(enc("repository:" + other + ":pull"));
      }
    }
    if (params.containsKey("service")) {
      url.append("&service=").append(enc(params.get("service")));
    }
    URI tokenUri = URI.create(url.toString());
    String tokenWhat = "get a token from " + tokenUri.getScheme() + "://" + tokenUri.getAuthority() + tokenUri.getPath();
    Optional<String> basic = credential.map(f -> basic(f.credential()));
    // the realm is another origin as a rule: the token request carries the credential to it alone
    String tokenRegistry = tokenUri.getAuthority();
    HttpResponse<InputStream> response = transport.sendTo(
        image.host(), tokenRegistry, new RegistryTransport.Call("GET", tokenUri, Map.of(), null, 0, tokenWhat), basic, deadline);
    try (InputStream in = response.body()) {
      if (response.statusCode() == 401 || response.statusCode() == 403) {
        throw statusFailure(response, what);
      }
      requireStatus(response, tokenWhat, 200);
      JsonNode json = Json.parse(in.readNBytes(1024 * 1024), "The token answer of " + tokenWhat);
      String value = json.hasNonNull("token") ? json.get("token").asText() : json.path("access_token").asText("");
      if (value.isEmpty()) {
        throw new RegistryException(RegistryException.Kind.BAD_CONTENT, 200, "The token service of " + image.host() + " returned no token", null);
      }
      authorization = Optional.of("Bearer " + value);
    } catch (IOException e) {
      throw readFailure(tokenWhat, e);
    }
  }

  private static String basic(Credential c) {
    return "Basic " + Base64.getEncoder().encodeToString((c.getUsername() + ":" + c.getPassword()).getBytes(StandardCharsets.UTF_8));
  }

  private void requireStatus(HttpResponse<InputStream> response, String what, int... expected) {
    for (int status : expected) {
      if (response.statusCode() == status) {
        return;
      }
    }
    throw statusFailure(response, what);
  }

  /** The error for an answer that is not the one wanted, by its status code and the registry's error code. */
  RegistryException statusFailure(HttpResponse<?> response, String what) {
    int status = response.statusCode();
    String code = errorCode(response);
    String registry = image.host();
    String who = credentialName();
    if (status == 401 || status == 403) {
      return new RegistryAuthenticationException(
          status == 401 ? RegistryException.Kind.UNAUTHORIZED : RegistryException.Kind.DENIED, status,
          "Registry " + registry + " refused " + who + " (" + status + code + ") when trying to " + what
              + ". Check the username and password/token of that source, or configure another: "
              + "<auth> in the plugin, a settings.xml <server> with id '" + registry + "', docker login " + registry
              + ", or CINEMA_REGISTRY_USERNAME/CINEMA_REGISTRY_PASSWORD.", null);
    }
    RegistryException.Kind kind =
        status == 404 ? RegistryException.Kind.NOT_FOUND
            : status == 429 || status >= 500 ? RegistryException.Kind.UNAVAILABLE
            : RegistryException.Kind.REJECTED;
    String tried = kind == RegistryException.Kind.UNAVAILABLE ? " after " + (transport.options().retries() + 1) + " attempts" : "";
    return new RegistryException(kind, status, "Registry " + registry + " answered " + status + code + tried + " when trying to " + what, null);
  }

  /** The {@code errors[0].code} of a distribution error body, when the body is one (HEAD answers have none). */
  private static String errorCode(HttpResponse<?> response) {
    if (!(response.body() instanceof InputStream in)) {
      return "";
    }
    try {
      byte[] bytes = in.readNBytes(16 * 1024);
      JsonNode code = Json.parse(bytes, "error").path("errors").path(0).path("code");
      return code.isTextual() ? " " + code.asText() : "";
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  private RegistryException readFailure(String what, IOException e) {
    if (e instanceof java.net.http.HttpTimeoutException) {
      return new RegistryException(RegistryException.Kind.TIMEOUT, 0, e.getMessage() + "; the read timeout is " + transport.options().setting("cinema.registry.readTimeout"), e);
    }
    return new RegistryException(
        e instanceof java.net.http.HttpTimeoutException ? RegistryException.Kind.TIMEOUT : RegistryException.Kind.CONNECTION, 0,
        "Reading the answer of registry " + image.host() + " failed when trying to " + what + ": " + e.getClass().getSimpleName(), e);
  }

  private URI path(String tail) {
    String scheme = transport.endpoint(image.host(), deadline).scheme();
    return URI.create(scheme + "://" + image.host() + "/v2/" + image.repository() + tail);
  }

  private String repository() {
    return image.host() + "/" + image.repository();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String stripParams(String contentType) {
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi)).trim();
  }
}
