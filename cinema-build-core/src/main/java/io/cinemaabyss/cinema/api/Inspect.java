package io.cinemaabyss.cinema.api;

import io.cinemaabyss.cinema.BuildLog;
import io.cinemaabyss.cinema.check.ImageInspector;

/** An inspection to run; see {@link Cinema#inspect}. */
public final class Inspect {

  private final Location image;
  private BuildLog log = BuildLog.NONE;

  Inspect(Location image) {
    this.image = image;
  }

  public Inspect log(BuildLog value) {
    this.log = value;
    return this;
  }

  /** Reads the image; never fails on a verdict (see {@link Inspection#ok()}), only when it cannot be read. */
  public Inspection run() {
    return new Inspection(ImageInspector.of(Sources.of(image, log)).log(log).inspect());
  }
}
