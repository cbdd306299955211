package io.cinemaabyss.cinema.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads and writes JSON trees with jackson-core's streaming parser and generator only: an ObjectMapper
 * loads some 300 more classes in a fresh JVM. Reads as {@code ObjectMapper.readTree(byte[])} of
 * Jackson 2.15 (empty input is a MissingNode, a duplicate key's last value wins, content after the
 * first value is not read) and writes the bytes its {@code writeValueAsBytes} wrote.
 */
public final class TreeCodec {

  private static final JsonFactory FACTORY = new JsonFactory();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private TreeCodec() {}

  /** The first JSON value of {@code bytes}, or a MissingNode when there is none. */
  public static JsonNode read(byte[] bytes) throws IOException {
    try (JsonParser parser = FACTORY.createParser(bytes)) {
      JsonToken token = parser.nextToken();
      return token == null ? NODES.missingNode() : value(parser, token);
    }
  }

  private static JsonNode value(JsonParser parser, JsonToken token) throws IOException {
    switch (token) {
      case START_OBJECT -> {
        ObjectNode object = NODES.objectNode();
        for (JsonToken t = parser.nextToken(); t == JsonToken.FIELD_NAME; t = parser.nextToken()) {
          String name = parser.currentName();
          object.set(name, value(parser, parser.nextToken())); // a repeated key keeps its place, takes the last value
        }
        return object;
      }
      case START_ARRAY -> {
        ArrayNode array = NODES.arrayNode();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
          array.add(value(parser, t));
        }
        return array;
      }
      case VALUE_STRING -> {
        return NODES.textNode(parser.getText());
      }
      case VALUE_NUMBER_INT -> {
        return switch (parser.getNumberType()) {
          case INT -> NODES.numberNode(parser.getIntValue());
          case LONG -> NODES.numberNode(parser.getLongValue());
          default -> NODES.numberNode(parser.getBigIntegerValue());
        };
      }
      case VALUE_NUMBER_FLOAT -> {
        return NODES.numberNode(parser.getDoubleValue());
      }
      case VALUE_TRUE -> {
        return NODES.booleanNode(true);
      }
      case VALUE_FALSE -> {
        return NODES.booleanNode(false);
      }
      case VALUE_NULL -> {
        return NODES.nullNode();
      }
      default -> throw new IllegalStateException("Unexpected JSON token " + token + " at " + parser.currentLocation());
    }
  }

  /** Compact UTF-8, fields in the tree's order. */
  public static byte[] write(JsonNode node) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator generator = FACTORY.createGenerator(out)) {
      write(generator, node);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write JSON", e);
    }
    return out.toByteArray();
  }

  /** Indented by Jackson's DefaultPrettyPrinter ({@code "key" : value}, two spaces a level). */
  public static String writePretty(JsonNode node) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator generator = FACTORY.createGenerator(out)) {
      generator.setPrettyPrinter(new DefaultPrettyPrinter());
      write(generator, node);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write JSON", e);
    }
    return out.toString();
  }

  private static void write(JsonGenerator g, JsonNode node) throws IOException {
    switch (node.getNodeType()) {
      case OBJECT -> {
        g.writeStartObject();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> field = it.next();
          g.writeFieldName(field.getKey());
          write(g, field.getValue());
        }
        g.writeEndObject();
      }
      case ARRAY -> {
        g.writeStartArray();
        for (JsonNode item : node) {
          write(g, item);
        }
        g.writeEndArray();
      }
      case STRING -> g.writeString(node.textValue());
      case NUMBER -> {
        switch (node.numberType()) {
          case INT -> g.writeNumber(node.intValue());
          case LONG -> g.writeNumber(node.longValue());
          case BIG_INTEGER -> g.writeNumber(node.bigIntegerValue());
          case FLOAT -> g.writeNumber(node.floatValue());
          case DOUBLE -> g.writeNumber(node.doubleValue());
          case BIG_DECIMAL -> g.writeNumber(node.decimalValue());
          default -> throw new IllegalArgumentException("Cannot write the JSON number " + node);
        }
      }
      case BOOLEAN -> g.writeBoolean(node.booleanValue());
      case NULL, MISSING -> g.writeNull();
      case BINARY -> g.writeBinary(node.binaryValue());
      default -> throw new IllegalArgumentException(
          "Cannot write a " + node.getNodeType() + " JSON node (" + node.getClass().getSimpleName()
              + "): only objects, arrays, strings, numbers, booleans, null and binary are written");
    }
  }

  /**
   * The tree of a plain value: Map with String keys (a SortedMap in its order, any other Map sorted by
   * key, as ObjectMapper's ORDER_MAP_ENTRIES_BY_KEYS did), Collection, String, Boolean, Number, null.
   */
  public static JsonNode of(Object value) {
    if (value == null) {
      return NODES.nullNode();
    }
    if (value instanceof String s) {
      return NODES.textNode(s);
    }
    if (value instanceof Boolean b) {
      return NODES.booleanNode(b);
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return NODES.numberNode(((Number) value).intValue());
    }
    if (value instanceof Long l) {
      return NODES.numberNode(l);
    }
    if (value instanceof BigInteger i) {
      return NODES.numberNode(i);
    }
    if (value instanceof Double d) {
      return NODES.numberNode(d);
    }
    if (value instanceof Float f) {
      return NODES.numberNode(f);
    }
    if (value instanceof BigDecimal d) {
      return NODES.numberNode(d);
    }
    if (value instanceof Map<?, ?> map) {
      Map<?, ?> ordered = map instanceof SortedMap<?, ?> ? map : new TreeMap<>(map);
      ObjectNode object = NODES.objectNode();
      for (Map.Entry<?, ?> e : ordered.entrySet()) {
        if (!(e.getKey() instanceof String key)) {
          throw new IllegalArgumentException("A JSON object's keys are strings, not " + describe(e.getKey()) + " in " + map);
        }
        object.set(key, of(e.getValue()));
      }
      return object;
    }
    if (value instanceof Collection<?> items) {
      ArrayNode array = NODES.arrayNode();
      items.forEach(item -> array.add(of(item)));
      return array;
    }
    throw new IllegalArgumentException("Cannot turn " + describe(value)
        + " into JSON: pass a Map, Collection, String, Boolean, Number or null (convert it to one of these first)");
  }

  private static String describe(Object value) {
    return value == null ? "null" : "a " + value.getClass().getName() + " (" + value + ")";
  }
}
