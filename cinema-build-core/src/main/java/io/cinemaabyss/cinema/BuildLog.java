package io.cinemaabyss.cinema;

import java.util.function.Consumer;

/** Where the library reports progress: Maven's log, a CLI's stdout, or nowhere. */
public interface BuildLog {

  void info(String message);

  void warn(String message);

  default void debug(String message) {}

  BuildLog NONE =
      new BuildLog() {
        @Override
        public void info(String message) {}

        @Override
        public void warn(String message) {}
      };

  static BuildLog of(Consumer<String> info) {
    return new BuildLog() {
      @Override
      public void info(String message) {
        info.accept(message);
      }

      @Override
      public void warn(String message) {
        info.accept("WARNING: " + message);
      }
    };
  }
}
