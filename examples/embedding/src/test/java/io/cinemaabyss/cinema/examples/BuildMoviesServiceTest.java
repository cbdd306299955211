package io.cinemaabyss.cinema.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.cinemaabyss.cinema.testing.TestServices;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedding example, run as a user would run it: builds a two-platform layout, pushes it to a
 * real registry, inspects and verifies it there, and writes nothing outside the layout directory.
 */
class BuildMoviesServiceTest {

  @TempDir Path dir;

  @Test
  void buildsPushesInspectsAndVerifiesThroughTheFrontDoor() throws IOException {
    String image = TestServices.registry() + "/embedding-" + UUID.randomUUID().toString().substring(0, 8) + ":embedded";
    List<Path> workingDirectoryBefore = list(Path.of(""));

    String printed = run("../movies-service", dir.resolve("oci").toString(), "embedded", image, "insecure");

    assertThat(printed).contains("linux/amd64").contains("linux/arm64").contains("tagged 'embedded'");
    assertThat(printed).containsPattern("Built .*oci:.*:embedded sha256:[0-9a-f]{64} linux/amd64,linux/arm64 [0-9.]+ [kM]B");
    assertThat(printed).containsPattern("Pushed " + image + " sha256:[0-9a-f]{64} linux/amd64,linux/arm64");
    assertThat(printed).contains("ELF").containsPattern("Verified .*: 2 platforms, no problems");
    assertThat(Files.readString(dir.resolve("oci/index.json"))).contains("\"org.opencontainers.image.ref.name\":\"embedded\"");
    assertThat(list(dir)).as("the example writes only its layout").containsExactly(dir.resolve("oci"));
    assertThat(list(Path.of(""))).as("nothing in the working directory").isEqualTo(workingDirectoryBefore);
  }

  private static String run(String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      BuildMoviesService.main(args);
    } finally {
      System.setOut(original);
      System.out.print(out.toString(StandardCharsets.UTF_8));
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static List<Path> list(Path directory) throws IOException {
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.sorted().toList();
    }
  }
}
