package io.cinemaabyss.cinema.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cinemaabyss.cinema.CinemaException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The streaming codec against the ObjectMapper it replaces (configured as Json.MAPPER and OciJson.MAPPER were). */
class TreeCodecTest {

  private static final ObjectMapper MAPPER =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private static List<JsonNode> trees() {
    ObjectNode manifest = F.objectNode(); // fields deliberately not sorted: the tree's order is kept
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", "application/vnd.oci.image.manifest.v1+json");
    manifest.putObject("config").put("size", 1234L).put("digest", "sha256:" + "ab".repeat(32));
    ArrayNode layers = manifest.putArray("layers");
    layers.addObject().put("size", 9_000_000_000L).putObject("annotations").put("z", "1").put("a", "2");
    manifest.putObject("annotations");
    manifest.putArray("empty");
    ObjectNode text = F.objectNode();
    text.put("unicode", "café ñ Ω 中文 \uD83C\uDFAC emoji");
    text.put("control", "tab\t nl\n cr\r nul\u0000 bell\u0007 esc\u001b del\u007f quote\" backslash\\ slash/");
    text.put("lineSeparators", "\u2028\u2029");
    text.put("", "empty key");
    text.put("key with \"quotes\" and é", "v");
    ObjectNode numbers = F.objectNode();
    numbers.put("int", Integer.MIN_VALUE).put("negative", -1).put("zero", 0);
    numbers.put("long", Long.MAX_VALUE).put("longNeg", Long.MIN_VALUE);
    numbers.put("big", new BigInteger("-123456789012345678901234567890"));
    numbers.put("double", 3.14159).put("tiny", 1e-300).put("huge", 1.7976931348623157e308).put("whole", 2.0).put("negZero", -0.0);
    numbers.put("nan", Double.NaN).put("inf", Double.NEGATIVE_INFINITY);
    numbers.put("float", 1.5f).put("decimal", new BigDecimal("12.50"));
    numbers.put("true", true).put("false", false).putNull("null");
    ArrayNode nested = F.arrayNode();
    nested.add(F.arrayNode().add(F.arrayNode())).add(F.objectNode().set("o", F.objectNode())).add(1).addNull().add("s");
    ObjectNode deep = F.objectNode();
    ObjectNode at = deep;
    for (int i = 0; i < 50; i++) {
      at = at.putObject("d" + i);
    }
    at.put("bottom", true);
    return List.of(manifest, text, numbers, nested, deep, F.objectNode(), F.arrayNode(), F.textNode("root string"),
        F.numberNode(42), F.nullNode(), F.booleanNode(true), F.binaryNode(new byte[] {0, 1, 2, (byte) 255}));
  }

  @Test
  void writesTheBytesObjectMapperWrote() throws Exception {
    for (JsonNode tree : trees()) {
      assertThat(TreeCodec.write(tree)).as("compact %s", tree).isEqualTo(MAPPER.writeValueAsBytes(tree));
      assertThat(TreeCodec.writePretty(tree)).as("pretty %s", tree)
          .isEqualTo(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(tree));
      assertThat(Json.bytes(tree)).isEqualTo(MAPPER.writeValueAsBytes(tree));
      assertThat(Json.pretty(tree)).isEqualTo(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(tree));
    }
  }

  @Test
  void readsWhatObjectMapperRead() throws Exception {
    for (JsonNode tree : trees()) {
      if (tree.isBinary()) {
        continue; // binary is written as base64 text and read back as text, by both
      }
      for (byte[] bytes : List.of(MAPPER.writeValueAsBytes(tree),
          MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(tree))) {
        JsonNode read = TreeCodec.read(bytes);
        assertThat(read).isEqualTo(MAPPER.readTree(bytes));
        assertThat(TreeCodec.write(read)).isEqualTo(MAPPER.writeValueAsBytes(MAPPER.readTree(bytes)));
      }
    }
  }

  @Test
  void keepsReadTreesEdgeCases() throws Exception {
    for (String json : List.of("", "   \n", "null", "{\"a\":1,\"b\":2,\"a\":3}", "{\"a\":{\"x\":1},\"a\":[2]}",
        "[1, 2147483647, 2147483648, -2147483649, 9223372036854775807, 9223372036854775808, -9223372036854775809]",
        "[1.0, -0.0, 1e3, 1E-5, 12345678901234567890.5, 1e400]", "{} trailing", "[1] ]", "{\"a\":1}{\"b\":2}",
        "\"\\ud83c\\udfac \\u00e9\"", "  42  ", "true false")) {
      byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
      JsonNode expected = MAPPER.readTree(bytes);
      JsonNode read = TreeCodec.read(bytes);
      assertThat(read).as(json).isEqualTo(expected);
      assertThat(classes(read)).as(json).isEqualTo(classes(expected));
    }
    assertThat(TreeCodec.read(new byte[0])).isSameAs(MissingNode.getInstance());
    assertThat(TreeCodec.read("{\"a\":1,\"b\":2,\"a\":3}".getBytes(StandardCharsets.UTF_8)).toString())
        .isEqualTo("{\"a\":3,\"b\":2}");
  }

  @Test
  void malformedInputIsAnErrorNamingWhatWasParsed() {
    for (String json : List.of("{", "{\"a\":}", "[1,]", "{'a':1}", "nope", "{\"a\" 1}", "]", "\"unterminated", "123abc")) {
      byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
      assertThatThrownBy(() -> MAPPER.readTree(bytes)).as("ObjectMapper rejects %s", json).isInstanceOf(java.io.IOException.class);
      assertThatThrownBy(() -> Json.parse(bytes, "The report r.json"))
          .as(json).isInstanceOf(CinemaException.class)
          .hasMessageStartingWith("The report r.json is not valid JSON (")
          .hasMessageEndingWith("): " + json);
    }
  }

  @Test
  void plainValuesMakeTheTreesValueToTreeMade() throws Exception {
    Map<String, Object> container = new TreeMap<>();
    container.put("entrypoint", List.of("/app", "--flag"));
    container.put("env", new TreeMap<>(Map.of("B", "2", "A", "1")));
    container.put("user", null);
    container.put("ports", List.of());
    container.put("cgo", false);
    container.put("numbers", List.of(1, 2L, 3.5, 4.5f, new BigInteger("99999999999999999999"), (short) 7));
    Map<String, Object> unsorted = new LinkedHashMap<>();
    unsorted.put("z", 1);
    unsorted.put("a", Set.of());
    container.put("unsorted", unsorted);
    container.put("unicode", "é \uD83C\uDFAC");
    JsonNode tree = Json.tree(container);
    assertThat(tree).isEqualTo(MAPPER.valueToTree(container));
    assertThat(Json.bytes(tree)).isEqualTo(MAPPER.writeValueAsBytes(MAPPER.valueToTree(container)));
    assertThat(Json.bytes(Json.tree(new TreeMap<>()))).isEqualTo(MAPPER.writeValueAsBytes(MAPPER.valueToTree(new TreeMap<>())));
  }

  @Test
  void aValueThatIsNotPlainIsRefusedByName() {
    assertThatThrownBy(() -> Json.tree(Map.of("created", java.time.Instant.EPOCH)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.time.Instant")
        .hasMessageContaining("Map, Collection, String, Boolean, Number or null");
    assertThatThrownBy(() -> Json.tree(Map.of(1, "x")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keys are strings");
  }

  private static String classes(JsonNode node) {
    StringBuilder out = new StringBuilder(node.getClass().getSimpleName());
    if (node.isContainerNode()) {
      out.append('(');
      node.forEach(child -> out.append(classes(child)).append(','));
      out.append(')');
    }
    return out.toString();
  }
}
