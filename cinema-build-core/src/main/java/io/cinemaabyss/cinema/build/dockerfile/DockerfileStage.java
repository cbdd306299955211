package io.cinemaabyss.cinema.build.dockerfile;

import java.util.List;
import java.util.Optional;

/**
 * One build stage: its {@code FROM} instruction (base image as written, optional
 * {@code --platform}, optional {@code AS name}) and the instructions that follow it.
 */
public record DockerfileStage(
    int index, Optional<String> name, String image, Optional<String> platform, DockerfileInstruction from,
    List<DockerfileInstruction> instructions) {

  public DockerfileStage {
    instructions = List.copyOf(instructions);
  }

  public int line() {
    return from.line();
  }

  /** How to name the stage in a message: {@code 'build'}, or {@code #2} for an unnamed one. */
  public String label() {
    return name.map(n -> "'" + n + "'").orElse("#" + index);
  }

  public List<DockerfileInstruction> runs() {
    return instructions.stream().filter(i -> i.is("RUN")).toList();
  }

  /** True when an {@code ARG name} of this stage comes before {@code line}. */
  public boolean declaresArgBefore(String arg, int line) {
    for (DockerfileInstruction i : instructions) {
      if (i.line() >= line) {
        break;
      }
      if (i.is("ARG") && Dockerfile.argNames(i).contains(arg)) {
        return true;
      }
    }
    return false;
  }
}
