package io.cinemaabyss.cinema.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import io.cinemaabyss.cinema.image.Json;

/**
 * A manifest or index exactly as its source holds it: the bytes (whose sha256 is {@code digest})
 * and the media type the source declared for them.
 */
public record ManifestContent(String mediaType, String digest, byte[] bytes) {

  /** The parsed JSON; a clear error naming {@code where} when the bytes are not JSON. */
  public JsonNode json(String where) {
    return Json.parse(bytes, "The manifest " + digest + " of " + where);
  }
}
