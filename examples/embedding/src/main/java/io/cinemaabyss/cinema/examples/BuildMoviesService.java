package io.cinemaabyss.cinema.examples;

import io.cinemaabyss.cinema.BuildLog;
import io.cinemaabyss.cinema.golang.GoBuildOptions;
import io.cinemaabyss.cinema.image.BuildResult;
import io.cinemaabyss.cinema.image.ContainerSpec;
import io.cinemaabyss.cinema.image.GoImageBuild;
import io.cinemaabyss.cinema.image.ImageAnnotations;
import java.nio.file.Path;
import java.util.Map;

/**
 * Builds examples/movies-service for linux/amd64 and linux/arm64 into an OCI image layout, through
 * the library alone: no Maven plugin, no Docker, no registry.
 *
 * <p>Usage: {@code BuildMoviesService [serviceDir] [layoutDir] [tag] [platforms]}
 */
public final class BuildMoviesService {

  public static void main(String[] args) {
    Path service = Path.of(args.length > 0 ? args[0] : "examples/movies-service");
    Path layout = Path.of(args.length > 1 ? args[1] : "examples/movies-service/target/cinema/oci");
    String tag = args.length > 2 ? args[2] : "latest";
    String platforms = args.length > 3 ? args[3] : "linux/amd64,linux/arm64";

    BuildResult result =
        GoImageBuild.module(service)
            .platforms(platforms.split(","))
            .go(GoBuildOptions.defaults().withLdflags("-s -w -X main.version=" + tag))
            .container(ContainerSpec.forBinary("movies-service").withPorts(8080))
            .annotations(
                Map.of(
                    ImageAnnotations.TITLE, "movies-service",
                    ImageAnnotations.DESCRIPTION, "Movies JSON API, built by the cinema-build library",
                    ImageAnnotations.LICENSES, "Apache-2.0"))
            .log(BuildLog.of(System.out::println))
            .buildTo(layout, tag);

    System.out.print(result.summary());
  }
}
