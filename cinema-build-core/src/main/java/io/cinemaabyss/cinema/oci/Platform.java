package io.cinemaabyss.cinema.oci;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A target platform in the OCI sense: {@code os/architecture[/variant]}, normalised so that equal
 * platforms compare equal ({@code linux/aarch64}, {@code linux/arm64} and {@code linux/arm64/v8}
 * are one platform).
 */
public record Platform(String os, String architecture, String variant) implements Comparable<Platform> {

  /** The platforms a build targets when none are configured. */
  public static final List<Platform> DEFAULTS =
      List.of(new Platform("linux", "amd64", ""), new Platform("linux", "arm64", ""));

  /** The platforms this tool knows how to cross-compile for and label. */
  public static final List<String> KNOWN =
      List.of(
          "linux/amd64",
          "linux/amd64/v2",
          "linux/amd64/v3",
          "linux/arm64",
          "linux/arm64/v8",
          "linux/arm/v5",
          "linux/arm/v6",
          "linux/arm/v7",
          "linux/386",
          "linux/riscv64",
          "linux/s390x",
          "linux/ppc64le",
          "linux/ppc64",
          "linux/mips64le",
          "linux/loong64");

  private static final Set<String> KNOWN_OS = Set.of("linux");

  public Platform {
    Objects.requireNonNull(os, "os");
    Objects.requireNonNull(architecture, "architecture");
    variant = variant == null ? "" : variant;
    String[] normal = normalise(architecture, variant);
    architecture = normal[0];
    variant = normal[1];
  }

  public static Platform of(String os, String architecture) {
    return new Platform(os, architecture, "");
  }

  /**
   * Parses {@code os/arch[/variant]}, accepting the aliases users type ({@code aarch64},
   * {@code x86_64}, {@code armhf}).
   *
   * @throws UnknownPlatformException naming the input and the platforms that are valid
   */
  public static Platform parse(String text) {
    if (text == null || text.isBlank()) {
      throw new UnknownPlatformException(String.valueOf(text), "it is empty");
    }
    String[] parts = text.trim().toLowerCase(Locale.ROOT).split("/", -1);
    if (parts.length < 2 || parts.length > 3) {
      throw new UnknownPlatformException(text, "expected os/architecture[/variant]");
    }
    String os = parts[0].trim();
    String arch = parts[1].trim();
    String variant = parts.length == 3 ? parts[2].trim() : "";
    if (!KNOWN_OS.contains(os)) {
      throw new UnknownPlatformException(text, "unknown os '" + os + "'");
    }
    Platform platform;
    try {
      platform = new Platform(os, arch, variant);
    } catch (IllegalArgumentException e) {
      throw new UnknownPlatformException(text, e.getMessage());
    }
    if (Architecture.of(platform.architecture).filter(Architecture::isTarget).isEmpty()) {
      throw new UnknownPlatformException(text, "unknown architecture '" + arch + "'");
    }
    if (!platform.variant.isEmpty() && !validVariant(platform.architecture, platform.variant)) {
      throw new UnknownPlatformException(
          text, "unknown variant '" + variant + "' for architecture " + platform.architecture);
    }
    return platform;
  }

  /** Parses a comma or whitespace separated list, dropping duplicates and keeping the order. */
  public static List<Platform> parseAll(String text) {
    List<String> items = new ArrayList<>();
    for (String item : text.split("[,\\s]+")) {
      if (!item.isBlank()) {
        items.add(item);
      }
    }
    return parseAll(items);
  }

  public static List<Platform> parseAll(Collection<String> texts) {
    Set<Platform> platforms = new LinkedHashSet<>();
    for (String text : texts) {
      platforms.add(parse(text));
    }
    if (platforms.isEmpty()) {
      throw new UnknownPlatformException("", "no platform given");
    }
    return List.copyOf(platforms);
  }

  /** The value of GOARM for arm variants, empty for other architectures. */
  public Optional<String> goArm() {
    if (!architecture.equals("arm")) {
      return Optional.empty();
    }
    return Optional.of(variant.isEmpty() ? "7" : variant.substring(1));
  }

  /** The value of GOAMD64 for amd64 micro-architecture levels, when one is given. */
  public Optional<String> goAmd64() {
    return architecture.equals("amd64") && !variant.isEmpty() ? Optional.of(variant) : Optional.empty();
  }

  /** The architecture's row of the one table, if this tool knows it. */
  public Optional<Architecture> arch() {
    return Architecture.of(architecture);
  }

  /** A name safe to use as a file or directory name: {@code linux-arm-v7}. */
  public String slug() {
    return toString().replace('/', '-');
  }

  @Override
  public String toString() {
    return variant.isEmpty() ? os + "/" + architecture : os + "/" + architecture + "/" + variant;
  }

  com.fasterxml.jackson.databind.node.ObjectNode toJson() {
    com.fasterxml.jackson.databind.node.ObjectNode node = OciJson.object();
    node.put("architecture", architecture);
    node.put("os", os);
    if (!variant.isEmpty()) {
      node.put("variant", variant);
    }
    return node;
  }

  /** The platform of a descriptor or config, empty when it has none or one this tool cannot represent. */
  static Optional<Platform> fromJson(com.fasterxml.jackson.databind.JsonNode node) {
    if (node == null || !node.hasNonNull("architecture") || !node.hasNonNull("os")) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Platform(node.get("os").asText(), node.get("architecture").asText(), node.path("variant").asText("")));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** {@code os/architecture[/variant]} of a platform object exactly as written, or empty. */
  static String textOf(com.fasterxml.jackson.databind.JsonNode node) {
    if (node == null || !node.isObject()) {
      return "";
    }
    String os = node.path("os").asText("");
    String arch = node.path("architecture").asText("");
    String variant = node.path("variant").asText("");
    if (os.isEmpty() && arch.isEmpty()) {
      return "";
    }
    return os + "/" + arch + (variant.isEmpty() ? "" : "/" + variant);
  }

  @Override
  public int compareTo(Platform other) {
    return toString().compareTo(other.toString());
  }

  private static boolean validVariant(String arch, String variant) {
    return switch (arch) {
      case "arm" -> Set.of("v5", "v6", "v7").contains(variant);
      case "amd64" -> Set.of("v2", "v3", "v4").contains(variant);
      default -> false;
    };
  }

  private static String[] normalise(String architecture, String variant) {
    String arch = architecture.toLowerCase(Locale.ROOT);
    String var = variant.toLowerCase(Locale.ROOT);
    switch (arch) {
      case "aarch64", "arm64" -> {
        arch = "arm64";
        if (var.equals("v8")) {
          var = "";
        }
      }
      case "x86_64", "x86-64", "amd64" -> {
        arch = "amd64";
        if (var.equals("v1")) {
          var = "";
        }
      }
      case "armhf", "armv7", "armv7l" -> {
        arch = "arm";
        var = var.isEmpty() ? "v7" : var;
      }
      case "armel", "armv6", "armv6l" -> {
        arch = "arm";
        var = var.isEmpty() ? "v6" : var;
      }
      case "i386", "i686", "x86" -> arch = "386";
      default -> {
        // keep as given; parse() decides whether it is known
      }
    }
    if (arch.equals("arm") && var.isEmpty()) {
      var = "v7";
    }
    if (!var.isEmpty() && !var.matches("v[0-9]+")) {
      throw new IllegalArgumentException("variant '" + variant + "' is not of the form vN");
    }
    return new String[] {arch, var};
  }
}
