package io.cinemaabyss.cinema.assemble;

import io.cinemaabyss.cinema.process.Command;
import io.cinemaabyss.cinema.process.ProcessException;
import io.cinemaabyss.cinema.process.ProcessResult;
import io.cinemaabyss.cinema.process.ProcessRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Versions of installed Debian packages, to pin what a build read from the machine. */
final class DebianPackages {

  private DebianPackages() {}

  /** {@code dpkg-query -W} of {@code packages}; the ones dpkg does not know (or no dpkg) are left out. */
  static Map<String, String> versions(List<String> packages) {
    Map<String, String> out = new TreeMap<>();
    List<String> command = new ArrayList<>(List.of("dpkg-query", "-W", "-f", "${Package} ${Version}\\n"));
    command.addAll(packages);
    ProcessResult result;
    try {
      result = ProcessRunner.run(Command.of(command, Duration.ofSeconds(30)));
    } catch (ProcessException e) {
      return out; // no dpkg here
    }
    if (result.timedOut()) {
      return out;
    }
    for (String line : result.stdout().split("\n")) {
      String[] parts = line.trim().split(" ", 2);
      if (parts.length == 2 && !parts[1].isBlank()) {
        out.put(parts[0], parts[1]);
      }
    }
    return out;
  }
}
