package io.cinemaabyss.cinema.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.api.client.http.ByteArrayContent;
import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.http.Authorization;
import com.google.cloud.tools.jib.http.FailoverHttpClient;
import com.google.cloud.tools.jib.http.Request;
import com.google.cloud.tools.jib.http.Response;
import com.google.cloud.tools.jib.http.ResponseException;
import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.image.Json;
import io.cinemaabyss.cinema.image.MediaTypes;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Manifest and blob access to one repository with the exact bytes the registry holds, which jib's
 * {@code RegistryClient} does not give (it re-parses manifests and drops fields such as a platform's
 * {@code variant}). Transport, TLS and insecure failover are jib's {@link FailoverHttpClient}; this
 * class adds the token handshake (Bearer or Basic) and the manifest Accept headers.
 */
public final class RegistryHttp {

  /** Registries answer 404 for an index unless it is asked for by media type. */
  public static final List<String> MANIFEST_ACCEPT =
      List.of(MediaTypes.OCI_INDEX, MediaTypes.DOCKER_LIST, MediaTypes.OCI_MANIFEST, MediaTypes.DOCKER_MANIFEST);

  /** Manifests over this size are refused, as registries do. */
  public static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

  private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  private final FailoverHttpClient http;
  private final ImageReference image;
  private final Optional<RegistryCredentials.Found> credential;
  private final boolean push;
  private volatile Authorization authorization;

  RegistryHttp(FailoverHttpClient http, ImageReference image, Optional<RegistryCredentials.Found> credential, boolean push) {
    this.http = http;
    this.image = image;
    this.credential = credential;
    this.push = push;
  }

  /** A manifest or index as the registry serves it. */
  public record RawManifest(String mediaType, String digest, byte[] bytes) {
    public JsonNode json() {
      return Json.parse(bytes, "Manifest " + digest);
    }
  }

  public ImageReference image() {
    return image;
  }

  /**
   * Fetches the manifest or index that {@code reference} (a tag or digest) names.
   *
   * @return empty when the registry has no such manifest
   */
  public Optional<RawManifest> manifest(String reference) {
    String action = "read the manifest " + reference + " of";
    try (Response response = call("GET", "/manifests/" + reference, MANIFEST_ACCEPT, null)) {
      long length = safeLength(response);
      if (length > MAX_MANIFEST_BYTES) {
        throw new CinemaException(
            "The manifest " + reference + " of " + image.getRepository() + " is " + length
                + " bytes, over the 4 MB that registries allow: it is not a manifest this tool will read.");
      }
      byte[] bytes;
      try (InputStream body = response.getBody()) {
        bytes = body.readNBytes(MAX_MANIFEST_BYTES + 1);
      }
      if (bytes.length > MAX_MANIFEST_BYTES) {
        throw new CinemaException(
            "The manifest " + reference + " of " + image.getRepository() + " is over the 4 MB that registries allow.");
      }
      String digest = Json.sha256(bytes);
      String mediaType = header(response, "Content-Type").map(RegistryHttp::stripParams).orElse("");
      if (mediaType.isEmpty() || mediaType.equals("application/json")) {
        mediaType = Json.parse(bytes, "Manifest " + reference).path("mediaType").asText("");
      }
      if (reference.startsWith("sha256:") && !reference.equals(digest)) {
        throw new CinemaException(
            "Registry " + image.getRegistry() + " returned content for " + reference + " whose digest is " + digest);
      }
      return Optional.of(new RawManifest(mediaType, digest, bytes));
    } catch (ResponseException e) {
      if (e.getStatusCode() == 404) {
        return Optional.empty();
      }
      throw RegistryErrors.translate(e, image, credential, action);
    } catch (IOException e) {
      throw RegistryErrors.translate(e, image, credential, action);
    }
  }

  /** Stores a manifest or index under {@code reference} (a tag or its digest); returns its digest. */
  public String putManifest(String reference, String mediaType, byte[] bytes) {
    ByteArrayContent body = new ByteArrayContent(mediaType, bytes);
    try (Response ignored = call("PUT", "/manifests/" + reference, List.of(), body)) {
      return Json.sha256(bytes);
    } catch (IOException e) {
      throw RegistryErrors.translate(e, image, credential, "push the manifest " + reference + " to");
    }
  }

  /** Opens a blob for streaming; the caller closes the stream. */
  public InputStream blob(String digest) {
    try {
      Response response = call("GET", "/blobs/" + digest, List.of(), null);
      return response.getBody();
    } catch (IOException e) {
      throw RegistryErrors.translate(e, image, credential, "read the blob " + digest + " of");
    }
  }

  private Response call(String method, String path, List<String> accept, ByteArrayContent body) throws IOException {
    URL url = new URL("https://" + image.getRegistry() + "/v2/" + image.getRepository() + path);
    try {
      return http.call(method, url, request(accept, body));
    } catch (ResponseException e) {
      if (e.getStatusCode() != 401) {
        throw e;
      }
      authorize(e);
      return http.call(method, url, request(accept, body));
    }
  }

  private Request request(List<String> accept, ByteArrayContent body) {
    Request.Builder builder = Request.builder().setAuthorization(authorization).setUserAgent("cinema-build");
    if (!accept.isEmpty()) {
      builder.setAccept(accept);
    }
    if (body != null) {
      builder.setBody(body);
    }
    return builder.build();
  }

  private void authorize(ResponseException challenge) throws IOException {
    String header = challenge.getHeaders().getAuthenticate();
    if (header == null) {
      throw challenge;
    }
    if (header.regionMatches(true, 0, "Basic", 0, 5)) {
      Credential c = requireCredential(challenge);
      authorization = Authorization.fromBasicCredentials(c.getUsername(), c.getPassword());
      return;
    }
    if (!header.regionMatches(true, 0, "Bearer", 0, 6)) {
      throw new CinemaException("Registry " + image.getRegistry() + " asks for an unsupported authentication scheme: " + header);
    }
    Map<String, String> params = new TreeMap<>();
    Matcher m = PARAM.matcher(header);
    while (m.find()) {
      params.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2));
    }
    String realm = params.get("realm");
    if (realm == null) {
      throw new CinemaException("Registry " + image.getRegistry() + " sent a Bearer challenge without a realm: " + header);
    }
    String scope = "repository:" + image.getRepository() + (push ? ":pull,push" : ":pull");
    StringBuilder url = new StringBuilder(realm).append(realm.contains("?") ? '&' : '?');
    url.append("scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
    if (params.containsKey("service")) {
      url.append("&service=").append(URLEncoder.encode(params.get("service"), StandardCharsets.UTF_8));
    }
    Request.Builder token = Request.builder().setUserAgent("cinema-build");
    credential.ifPresent(
        f -> token.setAuthorization(
            Authorization.fromBasicCredentials(f.credential().getUsername(), f.credential().getPassword())));
    try (Response response = http.get(new URL(url.toString()), token.build());
        InputStream in = response.getBody()) {
      JsonNode json = Json.parse(in.readAllBytes(), "The token answer of " + realm);
      String value = json.hasNonNull("token") ? json.get("token").asText() : json.path("access_token").asText("");
      if (value.isEmpty()) {
        throw new CinemaException("The token service " + realm + " of " + image.getRegistry() + " returned no token");
      }
      authorization = Authorization.fromBearerToken(value);
    }
  }

  private Credential requireCredential(ResponseException challenge) throws IOException {
    if (credential.isEmpty()) {
      throw challenge;
    }
    return credential.get().credential();
  }

  private static long safeLength(Response response) {
    try {
      return response.getContentLength();
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static Optional<String> header(Response response, String name) {
    List<String> values = response.getHeader(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.get(0));
  }

  private static String stripParams(String contentType) {
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi)).trim();
  }
}
