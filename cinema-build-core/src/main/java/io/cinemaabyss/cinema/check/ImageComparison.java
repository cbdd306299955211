package io.cinemaabyss.cinema.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.cinemaabyss.cinema.json.Json;
import io.cinemaabyss.cinema.oci.Descriptor;
import io.cinemaabyss.cinema.oci.ImageContent;
import io.cinemaabyss.cinema.oci.Index;
import io.cinemaabyss.cinema.oci.Manifest;
import io.cinemaabyss.cinema.store.ImageSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares two images, such as a rebuild from the checked-out sources and the image in the registry,
 * and says where they part: a platform only one has, then for each platform whose manifest differs,
 * the config fields that differ and the first layer that differs with the first file in it that does
 * (its type, mode, owner, time, size or content). Every blob read is checked against its digest.
 */
public final class ImageComparison {

  /** Config fields listed at most, per platform. */
  private static final int MAX_FIELDS = 8;

  /** What the comparison found: nothing when the two are the same image. */
  public record Result(String expectedName, String expectedDigest, String actualName, String actualDigest, List<String> differences) {
    public Result {
      differences = List.copyOf(differences);
    }

    public boolean same() {
      return differences.isEmpty();
    }
  }

  private final ImageSource expected;
  private final ImageSource actual;
  private final List<String> differences = new ArrayList<>();

  private ImageComparison(ImageSource expected, ImageSource actual) {
    this.expected = expected;
    this.actual = actual;
  }

  /** Compares the image {@code expected} names with the one {@code actual} names. */
  public static Result compare(ImageSource expected, ImageSource actual) {
    ImageComparison comparison = new ImageComparison(expected, actual);
    ImageContent a = expected.manifest("");
    ImageContent b = actual.manifest("");
    if (!a.digest().equals(b.digest())) {
      comparison.content("", a, b);
    }
    return new Result(expected.name(), a.digest().toString(), actual.name(), b.digest().toString(), comparison.differences);
  }

  private void content(String label, ImageContent a, ImageContent b) {
    if (a instanceof Index ia && b instanceof Index ib) {
      indexes(ia, ib);
    } else if (a instanceof Manifest ma && b instanceof Manifest mb) {
      manifests(label, ma, mb);
    } else {
      differences.add(label + "one is " + a.mediaType() + ", the other " + b.mediaType());
    }
  }

  private void indexes(Index a, Index b) {
    Map<String, Descriptor> left = byPlatform(a);
    Map<String, Descriptor> right = byPlatform(b);
    boolean childDiffers = false;
    for (String platform : new TreeSet<>(left.keySet())) {
      if (!right.containsKey(platform)) {
        differences.add(platform + ": only in " + expected.name());
        childDiffers = true;
      }
    }
    for (String platform : new TreeSet<>(right.keySet())) {
      if (!left.containsKey(platform)) {
        differences.add(platform + ": only in " + actual.name());
        childDiffers = true;
      }
    }
    for (Map.Entry<String, Descriptor> entry : left.entrySet()) {
      Descriptor other = right.get(entry.getKey());
      if (other != null && !other.digest().equals(entry.getValue().digest())) {
        childDiffers = true;
        content(entry.getKey() + ": ", expected.manifest(entry.getValue().digest().toString()), actual.manifest(other.digest().toString()));
      }
    }
    if (!childDiffers) {
      fields("the index: ", Json.parse(a.bytes(), "the index of " + expected.name()), Json.parse(b.bytes(), "the index of " + actual.name()));
    }
  }

  private static Map<String, Descriptor> byPlatform(Index index) {
    Map<String, Descriptor> entries = new LinkedHashMap<>();
    for (Descriptor entry : index.manifests()) {
      String key = entry.platformText().isEmpty() ? "entry " + entry.digest() : entry.platformText();
      entries.putIfAbsent(key, entry);
    }
    return entries;
  }

  private void manifests(String label, Manifest a, Manifest b) {
    int before = differences.size();
    if (!a.config().digest().equals(b.config().digest())) {
      fields(label + "config ", Json.parse(blob(expected, a.config()), "the config of " + expected.name()),
          Json.parse(blob(actual, b.config()), "the config of " + actual.name()));
    }
    if (a.layers().size() != b.layers().size()) {
      differences.add(label + a.layers().size() + " layers in " + expected.name() + ", " + b.layers().size() + " in " + actual.name());
    }
    for (int i = 0; i < Math.min(a.layers().size(), b.layers().size()); i++) {
      Descriptor la = a.layers().get(i);
      Descriptor lb = b.layers().get(i);
      if (!la.digest().equals(lb.digest())) {
        differences.add(label + "layer " + (i + 1) + " of " + a.layers().size() + " differs (" + la.digest().abbreviated() + " vs "
            + lb.digest().abbreviated() + "): " + firstFile(la, lb));
        break;
      }
    }
    if (differences.size() == before) {
      fields(label + "manifest ", Json.parse(a.bytes(), "a manifest of " + expected.name()), Json.parse(b.bytes(), "a manifest of " + actual.name()));
    }
  }

  /** The first file (in the expected layer's order) whose tar record or content differs. */
  private String firstFile(Descriptor a, Descriptor b) {
    Map<String, String> left = entries(expected, a);
    Map<String, String> right = entries(actual, b);
    for (Map.Entry<String, String> entry : left.entrySet()) {
      String other = right.get(entry.getKey());
      if (other == null) {
        return entry.getKey() + " is only in " + expected.name();
      }
      if (!other.equals(entry.getValue())) {
        return entry.getKey() + ": " + fieldsDiffering(entry.getValue(), other);
      }
    }
    for (String name : right.keySet()) {
      if (!left.containsKey(name)) {
        return name + " is only in " + actual.name();
      }
    }
    return "the same files, written differently (order or compression)";
  }

  /** The "; "-separated fields of two entry lines that differ, as {@code content sha256:a vs sha256:b}. */
  private static String fieldsDiffering(String a, String b) {
    Map<String, String> left = new LinkedHashMap<>();
    Map<String, String> right = new LinkedHashMap<>();
    for (String field : a.split("; ")) {
      left.put(field.split(" ", 2)[0], field);
    }
    for (String field : b.split("; ")) {
      right.put(field.split(" ", 2)[0], field);
    }
    List<String> out = new ArrayList<>();
    for (String key : new TreeSet<>(java.util.stream.Stream.concat(left.keySet().stream(), right.keySet().stream()).toList())) {
      String l = left.getOrDefault(key, key + " (none)");
      String r = right.getOrDefault(key, key + " (none)");
      if (!l.equals(r)) {
        out.add(l + " vs " + r.substring(Math.min(r.length(), key.length() + 1)));
      }
    }
    return String.join("; ", out);
  }

  private static Map<String, String> entries(ImageSource source, Descriptor layer) {
    Map<String, String> entries = new LinkedHashMap<>();
    try (InputStream in = source.blob(layer)) {
      LayerReader.describe(in, layer.digest().toString(), entries::putIfAbsent);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read layer " + layer.digest() + " of " + source.name() + ": " + e.getMessage(), e);
    }
    return entries;
  }

  private static byte[] blob(ImageSource source, Descriptor descriptor) {
    try (InputStream in = source.blob(descriptor)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + descriptor.digest() + " of " + source.name() + ": " + e.getMessage(), e);
    }
  }

  /** The JSON fields (as dotted paths) whose values differ. */
  private void fields(String label, JsonNode a, JsonNode b) {
    Map<String, String> left = new TreeMap<>();
    Map<String, String> right = new TreeMap<>();
    flatten("", a, left);
    flatten("", b, right);
    TreeSet<String> keys = new TreeSet<>(left.keySet());
    keys.addAll(right.keySet());
    List<String> differing = new ArrayList<>();
    for (String key : keys) {
      if (!Objects.equals(left.get(key), right.get(key))) {
        differing.add(key + " " + Objects.requireNonNullElse(left.get(key), "(none)") + " vs " + Objects.requireNonNullElse(right.get(key), "(none)"));
      }
    }
    if (differing.isEmpty()) {
      differences.add(label + "the same fields, written as other bytes");
      return;
    }
    int shown = Math.min(MAX_FIELDS, differing.size());
    differences.add(label + String.join("; ", differing.subList(0, shown))
        + (differing.size() > shown ? "; and " + (differing.size() - shown) + " more" : ""));
  }

  private static void flatten(String path, JsonNode node, Map<String, String> out) {
    if (node.isObject()) {
      node.fields().forEachRemaining(e -> flatten(path.isEmpty() ? e.getKey() : path + "." + e.getKey(), e.getValue(), out));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        flatten(path + "[" + i + "]", node.get(i), out);
      }
    } else {
      out.put(path, node.toString());
    }
  }
}
