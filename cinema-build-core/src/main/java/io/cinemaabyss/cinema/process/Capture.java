package io.cinemaabyss.cinema.process;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * What is kept of one output stream: its first bytes (stdout, to parse) or its last (stderr, to
 * quote), up to a limit; and each line handed on as it completes.
 */
final class Capture {

  /** A line longer than this is handed on in pieces. */
  private static final int LINE_LIMIT = 64 * 1024;

  private final int limit;
  private final boolean keepTail;
  private final Consumer<String> lines;
  private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private boolean truncated;

  private Capture(int limit, boolean keepTail, Consumer<String> lines) {
    this.limit = Math.max(0, limit);
    this.keepTail = keepTail;
    this.lines = lines;
  }

  static Capture of(int limit, boolean keepTail, Consumer<String> lines) {
    return new Capture(limit, keepTail, lines);
  }

  static Capture tail(int limit) {
    return new Capture(limit, true, text -> {});
  }

  synchronized void write(byte[] bytes, int length) {
    if (keepTail) {
      kept.write(bytes, 0, length);
      if (kept.size() > 2 * limit) {
        byte[] all = kept.toByteArray();
        kept.reset();
        kept.write(all, all.length - limit, limit);
        truncated = true;
      }
    } else {
      int room = Math.min(length, limit - kept.size());
      if (room > 0) {
        kept.write(bytes, 0, room);
      }
      truncated |= room < length;
    }
    for (int i = 0; i < length; i++) {
      if (bytes[i] == '\n' || line.size() >= LINE_LIMIT) {
        flushLine();
        if (bytes[i] == '\n') {
          continue;
        }
      }
      line.write(bytes[i]);
    }
  }

  synchronized void end() {
    if (line.size() > 0) {
      flushLine();
    }
  }

  synchronized String text() {
    byte[] all = kept.toByteArray();
    int from = keepTail ? Math.max(0, all.length - limit) : 0;
    return new String(all, from, all.length - from, StandardCharsets.UTF_8);
  }

  synchronized boolean truncated() {
    return truncated || (keepTail && kept.size() > limit);
  }

  private void flushLine() {
    String text = line.toString(StandardCharsets.UTF_8);
    line.reset();
    lines.accept(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
  }
}
