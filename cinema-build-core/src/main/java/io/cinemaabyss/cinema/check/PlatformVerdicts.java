package io.cinemaabyss.cinema.check;

import io.cinemaabyss.cinema.check.elf.ElfHeader;
import io.cinemaabyss.cinema.oci.ConfigFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The verdicts on one platform's image: index against config, config against the entrypoint's ELF. */
final class PlatformVerdicts {

  private PlatformVerdicts() {}

  static List<Verdict> of(String indexPlatform, ConfigFile config, Optional<EntrypointFinding> entrypoint) {
    List<Verdict> verdicts = new ArrayList<>();
    String configPlatform = config.platformText();
    boolean configNamed = !config.os().isEmpty() && !config.architecture().isEmpty();
    if (!configNamed) {
      verdicts.add(Verdict.fail(Verdict.Check.PLATFORM, "the image config names no os/architecture ('" + configPlatform + "')"));
    } else if (!indexPlatform.isEmpty()) {
      if (PlatformText.agree(indexPlatform, configPlatform)) {
        verdicts.add(Verdict.pass(Verdict.Check.PLATFORM, "index and config agree on " + configPlatform));
      } else {
        String indexArch = PlatformText.architecture(indexPlatform);
        String elfNote =
            entrypoint.flatMap(EntrypointFinding::architecture)
                .filter(arch -> !arch.equals(indexArch))
                .map(arch -> "; its binary is " + arch + ": it would fail with exec format error on " + indexArch + " nodes")
                .orElse("");
        verdicts.add(Verdict.fail(
            Verdict.Check.PLATFORM,
            "the index lists this image as " + indexPlatform + " but its config says " + configPlatform
                + ": runtimes pull it for " + indexPlatform + " nodes" + elfNote));
      }
    }
    entrypoint.ifPresent(finding -> verdicts.add(binary(configNamed ? configPlatform : indexPlatform, finding)));
    return verdicts;
  }

  private static Verdict binary(String platform, EntrypointFinding finding) {
    String arch = PlatformText.architecture(platform);
    switch (finding.kind()) {
      case ELF, SHELL_FORM, SCRIPT -> {
        String role = switch (finding.kind()) {
          case SHELL_FORM -> "shell";
          case SCRIPT -> "script interpreter";
          default -> "binary";
        };
        if (finding.elf().isEmpty()) {
          return finding.kind() == EntrypointFinding.Kind.SCRIPT
              ? Verdict.pass(Verdict.Check.BINARY, finding.detail() + "; its architecture cannot be checked")
              : Verdict.fail(Verdict.Check.BINARY, finding.detail());
        }
        ElfHeader elf = finding.elf().get();
        if (elf.architecture().equals(arch)) {
          return Verdict.pass(Verdict.Check.BINARY, finding.detail() + ", matching " + platform);
        }
        return Verdict.fail(
            Verdict.Check.BINARY,
            "the " + arch + " image carries an " + elf.architecture() + " " + role + ": it would fail with exec format error on "
                + arch + " nodes (" + finding.elfPath() + " is " + elf + ")");
      }
      default -> {
        return Verdict.fail(Verdict.Check.BINARY, finding.detail());
      }
    }
  }
}
