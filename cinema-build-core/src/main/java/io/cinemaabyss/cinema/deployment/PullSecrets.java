package io.cinemaabyss.cinema.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.json.Json;
import io.cinemaabyss.cinema.remote.NamedCredentialSource;
import io.cinemaabyss.cinema.remote.RegistryCredentials;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The image pull secrets of the manifests: Secrets of type {@code kubernetes.io/dockerconfigjson}
 * (and the older {@code kubernetes.io/dockercfg}) whose data is in the YAML. A workload may use the
 * ones its {@code imagePullSecrets} name in its own namespace, as the kubelet does. Their content is
 * never logged; a credential is named by its secret only.
 */
final class PullSecrets {

  private record Login(String username, String password) {
    @Override
    public String toString() {
      return "login of user '" + username + "'";
    }
  }

  private record Secret(String origin, Map<String, Login> byRegistry) {}

  private final Map<String, Secret> secrets = new LinkedHashMap<>();

  void add(String origin, String namespace, String name, Node secret) {
    String type = YamlTree.text(secret, "type").orElse("");
    String key = switch (type) {
      case "kubernetes.io/dockerconfigjson" -> ".dockerconfigjson";
      case "kubernetes.io/dockercfg" -> ".dockercfg";
      default -> null;
    };
    if (key == null) {
      return;
    }
    String where = "secret " + namespace + "/" + name + " (" + origin + ")";
    Optional<byte[]> content = Optional.ofNullable(YamlTree.strings(secret, "data").get(key)).map(b64 -> decode(b64, where, key));
    if (content.isEmpty()) {
      content = Optional.ofNullable(YamlTree.strings(secret, "stringData").get(key)).map(s -> s.getBytes(StandardCharsets.UTF_8));
    }
    if (content.isEmpty()) {
      return; // a secret whose data lives in the cluster only: the standard credentials apply
    }
    JsonNode json = Json.parse(content.get(), "The " + key + " of the " + where);
    JsonNode auths = key.equals(".dockerconfigjson") ? json.path("auths") : json;
    Map<String, Login> logins = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = auths.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      login(entry.getValue(), where).ifPresent(login -> logins.put(host(entry.getKey()), login));
    }
    secrets.put(namespace + "/" + name, new Secret(origin, logins));
  }

  /** The credentials the workload's pull secrets hold for {@code registry}, first secret first. */
  List<NamedCredentialSource> sourcesFor(Workload workload, String registry) {
    List<NamedCredentialSource> out = new ArrayList<>();
    for (String name : workload.pullSecrets()) {
      Secret secret = secrets.get(workload.namespace() + "/" + name);
      if (secret == null) {
        continue;
      }
      Login login = secret.byRegistry().get(host(registry));
      if (login != null) {
        out.add(RegistryCredentials.fixed(
            "imagePullSecret " + workload.namespace() + "/" + name + " in " + secret.origin(), login.username(), login.password()));
      }
    }
    return out;
  }

  private static Optional<Login> login(JsonNode entry, String where) {
    String user = entry.path("username").asText("");
    String password = entry.path("password").asText("");
    String auth = entry.path("auth").asText("");
    if (!auth.isEmpty()) {
      String pair = new String(decode(auth, where, "auth"), StandardCharsets.UTF_8);
      int colon = pair.indexOf(':');
      if (colon < 0) {
        throw new CinemaException("An auth entry of the " + where + " is not base64 of user:password.");
      }
      user = pair.substring(0, colon);
      password = pair.substring(colon + 1);
    }
    return user.isEmpty() || password.isEmpty() ? Optional.empty() : Optional.of(new Login(user, password));
  }

  private static byte[] decode(String base64, String where, String key) {
    try {
      return Base64.getMimeDecoder().decode(base64.trim());
    } catch (IllegalArgumentException e) {
      throw new CinemaException("The " + key + " of the " + where + " is not valid base64.");
    }
  }

  /** A registry key as Docker config writes it ({@code https://index.docker.io/v1/}) to its host. */
  static String host(String key) {
    String host = key.replaceFirst("^[a-zA-Z]+://", "");
    int slash = host.indexOf('/');
    if (slash >= 0) {
      host = host.substring(0, slash);
    }
    return switch (host) {
      case "index.docker.io", "registry-1.docker.io", "docker.io" -> "registry-1.docker.io";
      default -> host;
    };
  }
}
