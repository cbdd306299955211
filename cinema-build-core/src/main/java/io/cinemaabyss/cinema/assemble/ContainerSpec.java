package io.cinemaabyss.cinema.assemble;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What runs in the container and how: where the application binary goes, entrypoint, arguments,
 * environment, user, working directory, ports, labels and the creation time. Immutable; change it
 * with the {@code with} methods.
 *
 * @param appPath absolute path of the application binary in the image
 * @param entrypoint the entrypoint; empty means {@code [appPath]}
 * @param args the default arguments (the image's Cmd)
 * @param user user and group, numeric by default so that Kubernetes' runAsNonRoot can check it
 * @param ports exposed ports, such as {@code 8080} or {@code 8080/tcp}
 * @param creationTime the config's created time; the epoch unless set (reproducible)
 * @param volumes absolute paths the config declares as volumes
 * @param extraDirectories directories whose files are copied into the image, in a layer of their own
 */
public record ContainerSpec(
    String appPath,
    List<String> entrypoint,
    List<String> args,
    Map<String, String> env,
    String workingDirectory,
    String user,
    List<String> ports,
    Map<String, String> labels,
    Instant creationTime,
    List<String> volumes,
    List<ExtraDirectory> extraDirectories) {

  /** Not root: the "nonroot" user of distroless images, which ko also uses. */
  public static final String DEFAULT_USER = "65532:65532";

  public ContainerSpec {
    if (!appPath.startsWith("/")) {
      throw new IllegalArgumentException("The binary's path in the image must be absolute: " + appPath);
    }
    entrypoint = List.copyOf(entrypoint);
    args = List.copyOf(args);
    env = Map.copyOf(new LinkedHashMap<>(env));
    ports = List.copyOf(ports);
    labels = Map.copyOf(new LinkedHashMap<>(labels));
    volumes = List.copyOf(volumes);
    extraDirectories = List.copyOf(extraDirectories);
    for (String volume : volumes) {
      if (!volume.startsWith("/")) {
        throw new IllegalArgumentException("A volume must be an absolute path in the image: " + volume);
      }
    }
  }

  /** The defaults for a binary named {@code name}: {@code /usr/local/bin/NAME} run as 65532. */
  public static ContainerSpec forBinary(String name) {
    return new ContainerSpec(
        "/usr/local/bin/" + name, List.of(), List.of(), Map.of(), "", DEFAULT_USER, List.of(), Map.of(), Instant.EPOCH, List.of(), List.of());
  }

  /** The entrypoint that will be set: the configured one, or the binary alone. */
  public List<String> effectiveEntrypoint() {
    return entrypoint.isEmpty() ? List.of(appPath) : entrypoint;
  }

  public ContainerSpec withAppPath(String value) {
    return new ContainerSpec(value, entrypoint, args, env, workingDirectory, user, ports, labels, creationTime, volumes, extraDirectories);
  }

  public ContainerSpec withEntrypoint(List<String> value) {
    return new ContainerSpec(appPath, value, args, env, workingDirectory, user, ports, labels, creationTime, volumes, extraDirectories);
  }

  public ContainerSpec withArgs(List<String> value) {
    return new ContainerSpec(appPath, entrypoint, value, env, workingDirectory, user, ports, labels, creationTime, volumes, extraDirectories);
  }

  public ContainerSpec withEnv(Map<String, String> value) {
    return new ContainerSpec(appPath, entrypoint, args, value, workingDirectory, user, ports, labels, creationTime, volumes, extraDirectories);
  }

  public ContainerSpec withWorkingDirectory(String value) {
    return new ContainerSpec(appPath, entrypoint, args, env, value == null ? "" : value, user, ports, labels, creationTime, volumes, extraDirectories);
  }

  public ContainerSpec withUser(String value) {
    return new ContainerSpec(appPath, entrypoint, args, env, workingDirectory, value == null ? "" : value, ports, labels, creationTime, volumes, extraDirectories);
  }

  public ContainerSpec withPorts(List<String> value) {
    return new ContainerSpec(appPath, entrypoint, args, env, workingDirectory, user, value, labels, creationTime, volumes, extraDirectories);
  }

  public ContainerSpec withPorts(int... value) {
    List<String> list = new ArrayList<>();
    for (int port : value) {
      list.add(Integer.toString(port));
    }
    return withPorts(list);
  }

  public ContainerSpec withLabels(Map<String, String> value) {
    return new ContainerSpec(appPath, entrypoint, args, env, workingDirectory, user, ports, value, creationTime, volumes, extraDirectories);
  }

  public ContainerSpec withVolumes(List<String> value) {
    return new ContainerSpec(appPath, entrypoint, args, env, workingDirectory, user, ports, labels, creationTime, value, extraDirectories);
  }

  public ContainerSpec withExtraDirectories(List<ExtraDirectory> value) {
    return new ContainerSpec(appPath, entrypoint, args, env, workingDirectory, user, ports, labels, creationTime, volumes, value);
  }

  public ContainerSpec withCreationTime(Instant value) {
    return new ContainerSpec(appPath, entrypoint, args, env, workingDirectory, user, ports, labels, value, volumes, extraDirectories);
  }
}
