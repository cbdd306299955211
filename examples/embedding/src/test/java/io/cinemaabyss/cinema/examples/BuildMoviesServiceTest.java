package io.cinemaabyss.cinema.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.cinemaabyss.cinema.layout.OciLayout;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedding example, run as a user would run it, makes a two-platform layout. */
class BuildMoviesServiceTest {

  @TempDir Path dir;

  @Test
  void buildsMoviesServiceForBothPlatforms() {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      BuildMoviesService.main(new String[] {"../movies-service", dir.resolve("oci").toString(), "embedded"});
    } finally {
      System.setOut(original);
    }
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("linux/amd64").contains("linux/arm64").contains("tagged 'embedded'");
    assertThat(OciLayout.open(dir.resolve("oci")).resolve("embedded")).isPresent();
  }
}
