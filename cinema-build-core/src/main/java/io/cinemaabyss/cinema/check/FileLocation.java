package io.cinemaabyss.cinema.check;

/**
 * Where a file's bytes are in an image: the layer (its position from the bottom, counting from 1,
 * and digest) and the entry name in that layer's tar.
 */
public record FileLocation(int layer, String layerDigest, String entryName, long size, int mode) {

  @Override
  public String toString() {
    return entryName + " in layer " + layer + " (" + layerDigest + ")";
  }
}
