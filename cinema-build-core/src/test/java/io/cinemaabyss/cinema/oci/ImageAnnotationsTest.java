package io.cinemaabyss.cinema.oci;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** GHCR shows at most 512 characters of an image description. */
class ImageAnnotationsTest {

  @Test
  void aLongDescriptionIsCutTo512CharactersOnOneLine() {
    String longText = "A movies API.\n\n" + "word ".repeat(200);
    String description = new ImageAnnotations().put(ImageAnnotations.DESCRIPTION, longText).asMap().get(ImageAnnotations.DESCRIPTION);

    assertThat(description).hasSize(ImageAnnotations.MAX_DESCRIPTION).startsWith("A movies API. word").endsWith("...").doesNotContain("\n");
  }

  @Test
  void aShortDescriptionAndOtherAnnotationsAreKeptAsTheyAre() {
    var map = new ImageAnnotations()
        .put(ImageAnnotations.DESCRIPTION, "  Movies JSON API  ")
        .put(ImageAnnotations.SOURCE, "https://github.com/o/movies")
        .put(ImageAnnotations.LICENSES, "")
        .asMap();

    assertThat(map).containsEntry(ImageAnnotations.DESCRIPTION, "Movies JSON API")
        .containsEntry(ImageAnnotations.SOURCE, "https://github.com/o/movies")
        .doesNotContainKey(ImageAnnotations.LICENSES);
  }
}
