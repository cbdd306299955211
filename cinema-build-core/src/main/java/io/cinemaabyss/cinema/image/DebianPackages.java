package io.cinemaabyss.cinema.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/** Versions of installed Debian packages, to pin what a build read from the machine. */
final class DebianPackages {

  private DebianPackages() {}

  /** {@code dpkg-query -W} of {@code packages}; the ones dpkg does not know (or no dpkg) are left out. */
  static Map<String, String> versions(List<String> packages) {
    Map<String, String> out = new TreeMap<>();
    try {
      List<String> command = new ArrayList<>(List.of("dpkg-query", "-W", "-f", "${Package} ${Version}\\n"));
      command.addAll(packages);
      Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      process.getOutputStream().close();
      String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return out;
      }
      for (String line : text.split("\n")) {
        String[] parts = line.trim().split(" ", 2);
        if (parts.length == 2 && !parts[1].isBlank()) {
          out.put(parts[0], parts[1]);
        }
      }
    } catch (IOException e) {
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return out;
  }
}
