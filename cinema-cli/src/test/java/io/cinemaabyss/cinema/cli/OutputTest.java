package io.cinemaabyss.cinema.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OutputTest {

  @Test
  void theJsonErrorIsWhatObjectMapperPrettyPrinted() throws Exception {
    String message = "The image \"a\" is not there: é \uD83C\uDFAC \u0001";
    ObjectNode expected = new ObjectMapper().createObjectNode().put("error", message).put("exitCode", 2);
    assertThat(Output.errorJson(message, 2)).isEqualTo(expected.toPrettyString());
  }

  @Test
  void anErrorWithJsonPrintsTheErrorObjectOnStdoutAndTheLineOnStderr() throws Exception {
    Output output = new Output();
    output.json = true;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    output.out = new PrintStream(out, true, StandardCharsets.UTF_8);
    output.err = new PrintStream(err, true, StandardCharsets.UTF_8);
    assertThat(output.error(new IllegalStateException("no such tag"), 3)).isEqualTo(3);
    JsonNode printed = new ObjectMapper().readTree(out.toByteArray());
    assertThat(printed.path("error").asText()).isEqualTo("no such tag");
    assertThat(printed.path("exitCode").asInt()).isEqualTo(3);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("cinema: error: no such tag" + System.lineSeparator());
  }
}
