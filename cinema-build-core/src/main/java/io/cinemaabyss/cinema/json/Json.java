package io.cinemaabyss.cinema.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.cinemaabyss.cinema.CinemaException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** JSON that is not an image (reports, token answers, Docker config files): compact, keys in order. The image formats are in {@code oci}. */
public final class Json {

  private Json() {}

  public static byte[] bytes(JsonNode node) {
    try {
      return TreeCodec.write(node);
    } catch (UncheckedIOException | IllegalArgumentException e) {
      throw new CinemaException("Cannot serialise JSON: " + e.getMessage(), e);
    }
  }

  public static String pretty(JsonNode node) {
    try {
      return TreeCodec.writePretty(node);
    } catch (UncheckedIOException | IllegalArgumentException e) {
      throw new CinemaException("Cannot serialise JSON: " + e.getMessage(), e);
    }
  }

  /** Parses JSON, naming {@code what} in the error when it is not JSON. */
  public static JsonNode parse(byte[] bytes, String what) {
    try {
      return TreeCodec.read(bytes);
    } catch (IOException e) {
      throw new CinemaException(
          what + " is not valid JSON (" + e.getMessage() + "): "
              + abbreviate(new String(bytes, StandardCharsets.UTF_8)));
    }
  }

  /** The tree of a plain value (maps, collections, strings, numbers, booleans, null); see {@link TreeCodec#of}. */
  public static JsonNode tree(Object value) {
    return TreeCodec.of(value);
  }

  private static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "...";
  }
}
