package io.cinemaabyss.cinema.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.cinemaabyss.cinema.CinemaException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** JSON that is not an image (reports, token answers, Docker config files): compact, keys in order. The image formats are in {@code oci}. */
public final class Json {

  public static final ObjectMapper MAPPER =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private Json() {}

  public static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new CinemaException("Cannot serialise JSON: " + e.getMessage(), e);
    }
  }

  public static String pretty(JsonNode node) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new CinemaException("Cannot serialise JSON: " + e.getMessage(), e);
    }
  }

  /** Parses JSON, naming {@code what} in the error when it is not JSON. */
  public static JsonNode parse(byte[] bytes, String what) {
    try {
      return MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw new CinemaException(
          what + " is not valid JSON (" + e.getMessage() + "): "
              + abbreviate(new String(bytes, StandardCharsets.UTF_8)));
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "...";
  }
}
