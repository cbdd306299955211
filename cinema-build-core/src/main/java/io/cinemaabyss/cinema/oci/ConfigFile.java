package io.cinemaabyss.cinema.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An image config: the platform it is for (os, architecture and variant as written), creation
 * time, entrypoint, cmd, user, environment, working directory, labels and the diff ids of its
 * layers. Keeps the exact bytes it was read from.
 */
public final class ConfigFile {

  /** The PATH a runtime uses when the image sets none. */
  public static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  private final byte[] bytes;
  private final JsonNode json;

  private ConfigFile(byte[] bytes, JsonNode json) {
    this.bytes = bytes.clone();
    this.json = json;
  }

  /** Parses a config from its exact bytes. */
  public static ConfigFile parse(byte[] bytes, String where) {
    return new ConfigFile(bytes, OciJson.parse(bytes, where));
  }

  /**
   * A minimal new config for {@code platform}, written canonically: the root file system of
   * {@code diffIds}, one history entry per layer created by {@code createdBy}, {@code env} and
   * {@code user} (empty for none).
   */
  public static ConfigFile of(
      Platform platform, String created, List<Digest> diffIds, String createdBy, List<String> env, String user) {
    ObjectNode config = OciJson.object();
    config.put("architecture", platform.architecture());
    config.put("os", platform.os());
    if (!platform.variant().isEmpty()) {
      config.put("variant", platform.variant());
    }
    config.put("created", created);
    ObjectNode runtime = config.putObject("config");
    if (!env.isEmpty()) {
      env.forEach(runtime.putArray("Env")::add);
    }
    if (!user.isEmpty()) {
      runtime.put("User", user);
    }
    ObjectNode rootfs = config.putObject("rootfs");
    rootfs.put("type", "layers");
    diffIds.forEach(d -> rootfs.withArray("diff_ids").add(d.toString()));
    diffIds.forEach(d -> config.withArray("history").addObject().put("created", created).put("created_by", createdBy));
    byte[] bytes = OciJson.bytes(config);
    return new ConfigFile(bytes, config);
  }

  /** This config with {@code platform}'s os, architecture and variant, written canonically; every other field kept. */
  public ConfigFile withPlatform(Platform platform) {
    ObjectNode copy = (ObjectNode) json.deepCopy();
    copy.put("os", platform.os());
    copy.put("architecture", platform.architecture());
    if (platform.variant().isEmpty()) {
      copy.remove("variant");
    } else {
      copy.put("variant", platform.variant());
    }
    return new ConfigFile(OciJson.bytes(copy), copy);
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  public Digest digest() {
    return Digest.of(bytes);
  }

  public long size() {
    return bytes.length;
  }

  public String os() {
    return json.path("os").asText("");
  }

  public String architecture() {
    return json.path("architecture").asText("");
  }

  public String variant() {
    return json.path("variant").asText("");
  }

  /** The platform the config says it is for; empty when it names none or one that is not a platform. */
  public Optional<Platform> platform() {
    return Platform.fromJson(json);
  }

  /** {@code os/architecture[/variant]} as the config writes it. */
  public String platformText() {
    return os() + "/" + architecture() + (variant().isEmpty() ? "" : "/" + variant());
  }

  public String created() {
    return json.path("created").asText("");
  }

  public List<String> entrypoint() {
    return OciJson.list(json.path("config").get("Entrypoint"));
  }

  public List<String> cmd() {
    return OciJson.list(json.path("config").get("Cmd"));
  }

  public String user() {
    return json.path("config").path("User").asText("");
  }

  public List<String> env() {
    return OciJson.list(json.path("config").get("Env"));
  }

  public String workingDir() {
    return json.path("config").path("WorkingDir").asText("");
  }

  public Map<String, String> labels() {
    return OciJson.strings(json.path("config").get("Labels"));
  }

  /** The digests of the uncompressed layers, in order. */
  public List<Digest> diffIds() {
    List<Digest> out = new ArrayList<>();
    for (String id : OciJson.list(json.path("rootfs").get("diff_ids"))) {
      out.add(Digest.parse(id));
    }
    return out;
  }

  /** The command the runtime starts: entrypoint followed by cmd, or cmd alone. */
  public List<String> command() {
    List<String> argv = new ArrayList<>(entrypoint());
    argv.addAll(cmd());
    return argv;
  }

  public Optional<String> envValue(String name) {
    for (String item : env()) {
      if (item.startsWith(name + "=")) {
        return Optional.of(item.substring(name.length() + 1));
      }
    }
    return Optional.empty();
  }

  /** The directories of PATH, in order, as the runtime searches them. */
  public List<String> path() {
    List<String> dirs = new ArrayList<>();
    for (String dir : envValue("PATH").orElse(DEFAULT_PATH).split(":")) {
      dirs.add(dir.isEmpty() ? "." : dir);
    }
    return dirs;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConfigFile other && java.util.Arrays.equals(other.bytes, bytes);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "ConfigFile[" + platformText() + " " + digest() + "]";
  }
}
