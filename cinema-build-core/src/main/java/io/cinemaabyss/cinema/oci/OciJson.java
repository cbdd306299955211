package io.cinemaabyss.cinema.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cinemaabyss.cinema.json.TreeCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reading and canonical writing of the model's JSON; nothing outside this package walks it. */
final class OciJson {

  private OciJson() {}

  static JsonNode parse(byte[] bytes, String what) {
    JsonNode node;
    try {
      node = TreeCodec.read(bytes);
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
    return TreeCodec.write(node);
  }

  static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
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
