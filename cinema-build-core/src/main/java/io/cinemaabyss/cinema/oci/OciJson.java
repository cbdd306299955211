package io.cinemaabyss.cinema.oci;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reading and canonical writing of the model's JSON; nothing outside this package walks it. */
final class OciJson {

  static final ObjectMapper MAPPER =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private OciJson() {}

  static JsonNode parse(byte[] bytes, String what) {
    JsonNode node;
    try {
      node = MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw new InvalidContentException(
          what + " is not valid JSON (" + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()) + "): " + abbreviate(new String(bytes, StandardCharsets.UTF_8)));
    }
    if (node == null || !node.isObject()) {
      throw new InvalidContentException(what + " is not a JSON object: " + abbreviate(new String(bytes, StandardCharsets.UTF_8)));
    }
    return node;
  }

  static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialise JSON", e);
    }
  }

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static Map<String, String> strings(JsonNode node) {
    Map<String, String> out = new TreeMap<>();
    if (node != null && node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        out.put(e.getKey(), e.getValue().asText());
      }
    }
    return out;
  }

  static void putStrings(ObjectNode node, String field, Map<String, String> values) {
    if (!values.isEmpty()) {
      ObjectNode object = node.putObject(field);
      new TreeMap<>(values).forEach(object::put);
    }
  }

  static List<String> list(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (node.isArray()) {
      node.forEach(item -> out.add(item.asText()));
    } else {
      out.add(node.asText());
    }
    return out;
  }

  static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "...";
  }
}
