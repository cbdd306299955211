package io.cinemaabyss.cinema.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * An image reference is {@code oci.Reference} everywhere in the core; jib's {@code ImageReference}
 * is made only in the {@code assemble} package, where jib-core builds an image. A file elsewhere
 * that names jib's type (imported, written in full, or through a wildcard import of jib's api)
 * fails here, naming the file and the line.
 */
class JibReferenceBoundaryTest {

  private static final Path SOURCES = Path.of("src/main/java/io/cinemaabyss/cinema");
  private static final Path BOUNDARY = Path.of("assemble");
  private static final Pattern COMMENT = Pattern.compile("//[^\\n]*|/\\*.*?\\*/", Pattern.DOTALL);
  private static final Pattern FULL = Pattern.compile("com\\.google\\.cloud\\.tools\\.jib\\.api\\.(?:Invalid)?ImageReference\\b");
  private static final Pattern WILDCARD = Pattern.compile("import\\s+com\\.google\\.cloud\\.tools\\.jib\\.api\\.\\*\\s*;");
  private static final Pattern SIMPLE = Pattern.compile("\\b(?:Invalid)?ImageReference\\b");

  @Test
  void onlyTheAssemblePackageNamesJibsImageReference() throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(SOURCES)) {
      files = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
    assertThat(files).as("the core's sources under " + SOURCES.toAbsolutePath()).hasSizeGreaterThan(50);
    List<String> outside = new ArrayList<>();
    List<Path> inside = new ArrayList<>();
    for (Path file : files) {
      Path relative = SOURCES.relativize(file);
      String code = COMMENT.matcher(Files.readString(file)).replaceAll("");
      boolean wildcard = WILDCARD.matcher(code).find();
      String[] lines = code.split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        if (FULL.matcher(lines[i]).find() || (wildcard && SIMPLE.matcher(lines[i]).find())) {
          if (relative.startsWith(BOUNDARY)) {
            inside.add(relative);
          } else {
            outside.add(relative + ": " + lines[i].strip());
          }
        }
      }
    }
    assertThat(inside).as("the scan finds the assemble package's own conversion, so a broken pattern cannot pass").isNotEmpty();
    assertThat(outside).as("files outside assemble naming jib's ImageReference: pass an oci.Reference instead").isEmpty();
  }
}
