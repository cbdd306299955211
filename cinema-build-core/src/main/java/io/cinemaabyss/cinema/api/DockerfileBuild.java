package io.cinemaabyss.cinema.api;

import io.cinemaabyss.cinema.BuildLog;
import io.cinemaabyss.cinema.assemble.BuildResult;
import io.cinemaabyss.cinema.build.dockerfile.DockerfileBuildOptions;
import io.cinemaabyss.cinema.build.dockerfile.DockerfileImageBuild;
import io.cinemaabyss.cinema.oci.Platform;
import io.cinemaabyss.cinema.remote.RegistryAccess;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A build of every platform from a Dockerfile; see {@link Cinema#dockerfile}. With {@code docker
 * buildx} when installed, else one platform at a time through the Docker Engine API; each image's
 * entrypoint binary is checked by its ELF header, and the images are joined in one index. The
 * settings become one options value that the internal build takes, which normalises them.
 */
public final class DockerfileBuild {

  private final Path dockerfile;
  private Optional<Path> context = Optional.empty();
  private List<Platform> platforms = Platform.DEFAULTS;
  private final Map<String, String> buildArgs = new LinkedHashMap<>();
  private Optional<String> target = Optional.empty();
  private Optional<String> dockerHost = Optional.empty();
  private boolean failOnLint;
  private DockerfileCross cross = DockerfileCross.AUTO;
  private final Map<String, String> annotations = new LinkedHashMap<>();
  private Format format = Format.OCI;
  private Optional<Path> workDirectory = Optional.empty();
  private Map<String, String> buildEnvironment = System.getenv();
  private Optional<String> image = Optional.empty();
  private BuildLog log = BuildLog.NONE;

  DockerfileBuild(Path dockerfile) {
    this.dockerfile = dockerfile;
  }

  /** The build context (what COPY sees); by default the Dockerfile's directory. */
  public DockerfileBuild context(Path value) {
    this.context = Optional.ofNullable(value);
    return this;
  }

  public DockerfileBuild platforms(List<Platform> value) {
    this.platforms = List.copyOf(value);
    return this;
  }

  /** Like {@code --build-arg}; TARGETARCH and the other platform args are set per platform. */
  public DockerfileBuild buildArgs(Map<String, String> value) {
    if (value != null) {
      buildArgs.putAll(value);
    }
    return this;
  }

  /** The stage to build; by default the last. */
  public DockerfileBuild target(String value) {
    this.target = Optional.ofNullable(value);
    return this;
  }

  /** The Docker Engine; by default DOCKER_HOST, else {@code unix:///var/run/docker.sock}. */
  public DockerfileBuild dockerHost(String value) {
    this.dockerHost = Optional.ofNullable(value);
    return this;
  }

  /** Fail when the Dockerfile lint finds problems; by default they are logged as warnings. */
  public DockerfileBuild failOnLint(boolean value) {
    this.failOnLint = value;
    return this;
  }

  /**
   * {@link DockerfileCross#AUTO} (the default) builds a Go stage that would compile under
   * emulation on the build platform, cross-compiling; {@link DockerfileCross#OFF} builds the
   * Dockerfile as written. The Dockerfile on disk is never changed.
   */
  public DockerfileBuild dockerfileCross(DockerfileCross value) {
    this.cross = value;
    return this;
  }

  public DockerfileBuild annotations(Map<String, String> value) {
    annotations.putAll(value);
    return this;
  }

  public DockerfileBuild format(Format value) {
    this.format = value;
    return this;
  }

  /** Where intermediate archives go; by default a temporary directory, deleted afterwards. */
  public DockerfileBuild workDirectory(Path value) {
    this.workDirectory = Optional.ofNullable(value);
    return this;
  }

  public DockerfileBuild buildEnvironment(Map<String, String> value) {
    this.buildEnvironment = value;
    return this;
  }

  /**
   * The image's name, for the summary line and the report; the daemon's intermediate images are
   * named {@code cinema-build/<last part of its repository>}.
   */
  public DockerfileBuild image(String value) {
    this.image = Optional.ofNullable(value).filter(v -> !v.isBlank());
    return this;
  }

  public DockerfileBuild log(BuildLog value) {
    this.log = value;
    return this;
  }

  public Built to(Location sink) {
    return BuildTo.run(sink, workDirectory, image, io.cinemaabyss.cinema.remote.ImagePusher.DEFAULT_PARALLELISM, log, this::buildInto);
  }

  private BuildResult buildInto(Path layout, String tag, Path work) {
    DockerfileBuildOptions options = new DockerfileBuildOptions(dockerfile, context, platforms, buildArgs, target, dockerHost, failOnLint,
        cross == null ? null : cross.core(), annotations, format == null ? null : format.core(), buildEnvironment);
    DockerfileImageBuild build = DockerfileImageBuild.of(options).workDirectory(work).log(log);
    image.ifPresent(name -> {
      String repository = RegistryAccess.parse(name).repository();
      build.localImageName("cinema-build/" + repository.substring(repository.lastIndexOf('/') + 1));
    });
    return build.buildTo(layout, tag);
  }
}
