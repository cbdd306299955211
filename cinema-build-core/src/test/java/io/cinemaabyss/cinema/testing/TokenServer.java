package io.cinemaabyss.cinema.testing;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cinemaabyss.cinema.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * A token service for a registry's Bearer auth (the Docker registry token protocol): checks Basic
 * credentials, grants the scopes asked for, and signs a JWT (RS256, certificate in {@code x5c})
 * with a key whose self-signed certificate the registry trusts ({@code auth.token.rootcertbundle}).
 * The registry it serves is a real one ({@link OwnRegistry}); this is its auth server.
 */
public final class TokenServer implements AutoCloseable {

  public static final String SERVICE = "cinema-test-registry";
  public static final String ISSUER = "cinema-test-token-issuer";

  private final HttpServer server;
  private final Path certificate;
  private final PrivateKey key;
  private final String certificateDer;
  private final String username;
  private final String password;
  private final List<String> grantedScopes = Collections.synchronizedList(new ArrayList<>());
  private final List<String> refusedUsers = Collections.synchronizedList(new ArrayList<>());

  private TokenServer(Path dir, String username, String password) throws IOException, GeneralSecurityException {
    this.username = username;
    this.password = password;
    Path keyFile = dir.resolve("token-key.pem");
    certificate = dir.resolve("token-cert.pem");
    Commands.run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", keyFile.toString(),
            "-out", certificate.toString(), "-subj", "/CN=" + ISSUER, "-days", "2"), null, java.util.Map.of(), 60)
        .requireSuccess();
    key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pemBody(keyFile)));
    certificateDer = Base64.getEncoder().encodeToString(pemBody(certificate));
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/token", this::token);
    server.start();
  }

  /** Starts a token service that accepts one user. */
  public static TokenServer start(Path dir, String username, String password) {
    try {
      return new TokenServer(dir, username, password);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public String realm() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
  }

  /** The {@code auth:} section of a registry configuration that trusts this service. */
  public String registryConfig() {
    return String.join("\n",
        "auth:",
        "  token:",
        "    realm: " + realm(),
        "    service: " + SERVICE,
        "    issuer: " + ISSUER,
        "    rootcertbundle: " + certificate,
        "");
  }

  /** Every scope a token was issued for, such as {@code repository:a/b:pull,push}. */
  public List<String> grantedScopes() {
    synchronized (grantedScopes) {
      return List.copyOf(grantedScopes);
    }
  }

  public List<String> refusedUsers() {
    synchronized (refusedUsers) {
      return List.copyOf(refusedUsers);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void token(HttpExchange exchange) throws IOException {
    try (exchange) {
      String user = null;
      String secret = null;
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
        String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        user = decoded.substring(0, colon);
        secret = decoded.substring(colon + 1);
      }
      if (user == null || !user.equals(username) || !secret.equals(password)) {
        refusedUsers.add(String.valueOf(user));
        exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"" + realm() + "\"");
        send(exchange, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"wrong username or password\"}]}");
        return;
      }
      List<String> scopes = new ArrayList<>();
      String query = exchange.getRequestURI().getRawQuery();
      for (String pair : query == null ? new String[0] : query.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0 && pair.substring(0, eq).equals("scope")) {
          for (String scope : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8).split(" ")) {
            scopes.add(scope);
          }
        }
      }
      grantedScopes.addAll(scopes);
      String jwt = jwt(user, scopes);
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      body.put("token", jwt);
      body.put("access_token", jwt);
      body.put("expires_in", 300);
      body.put("issued_at", Instant.now().toString());
      send(exchange, 200, new String(Json.bytes(body), StandardCharsets.UTF_8));
    } catch (RuntimeException | GeneralSecurityException e) {
      send(exchange, 500, "{\"error\":\"" + e.getClass().getSimpleName() + "\"}");
    }
  }

  private String jwt(String subject, List<String> scopes) throws GeneralSecurityException {
    ObjectNode header = JsonNodeFactory.instance.objectNode();
    header.put("alg", "RS256");
    header.put("typ", "JWT");
    header.putArray("x5c").add(certificateDer);
    long now = Instant.now().getEpochSecond();
    ObjectNode claims = JsonNodeFactory.instance.objectNode();
    claims.put("iss", ISSUER);
    claims.put("sub", subject);
    claims.put("aud", SERVICE);
    claims.put("exp", now + 300);
    claims.put("nbf", now - 30);
    claims.put("iat", now);
    claims.put("jti", UUID.randomUUID().toString());
    var access = claims.putArray("access");
    for (String scope : scopes) {
      String[] parts = scope.split(":");
      if (parts.length < 3) {
        continue;
      }
      ObjectNode entry = access.addObject();
      entry.put("type", parts[0]);
      entry.put("name", String.join(":", java.util.Arrays.copyOfRange(parts, 1, parts.length - 1)));
      var actions = entry.putArray("actions");
      for (String action : parts[parts.length - 1].split(",")) {
        actions.add(action);
      }
    }
    Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
    String signingInput = url.encodeToString(Json.bytes(header)) + "." + url.encodeToString(Json.bytes(claims));
    Signature rsa = Signature.getInstance("SHA256withRSA");
    rsa.initSign(key);
    rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
    return signingInput + "." + url.encodeToString(rsa.sign());
  }

  private static void send(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static byte[] pemBody(Path pem) throws IOException {
    StringBuilder base64 = new StringBuilder();
    for (String line : Files.readAllLines(pem)) {
      if (!line.startsWith("-----")) {
        base64.append(line.trim());
      }
    }
    return Base64.getDecoder().decode(base64.toString());
  }
}
