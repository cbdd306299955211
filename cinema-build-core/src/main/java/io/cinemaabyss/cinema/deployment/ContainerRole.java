package io.cinemaabyss.cinema.deployment;

/** Which list of a pod spec a container is in. */
public enum ContainerRole {
  CONTAINER("containers"),
  INIT_CONTAINER("initContainers"),
  EPHEMERAL_CONTAINER("ephemeralContainers");

  private final String field;

  ContainerRole(String field) {
    this.field = field;
  }

  /** The pod spec field, such as {@code initContainers}. */
  public String field() {
    return field;
  }
}
