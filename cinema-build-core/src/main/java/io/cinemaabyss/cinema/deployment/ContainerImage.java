package io.cinemaabyss.cinema.deployment;

/** One container of a workload and the image it runs, exactly as the YAML writes it. */
public record ContainerImage(String container, ContainerRole role, String image) {

  /** How a table shows it: {@code init movies-migrate} for an init container. */
  public String shown() {
    return switch (role) {
      case CONTAINER -> container;
      case INIT_CONTAINER -> "init " + container;
      case EPHEMERAL_CONTAINER -> "ephemeral " + container;
    };
  }
}
