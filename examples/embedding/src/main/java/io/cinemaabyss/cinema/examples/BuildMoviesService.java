package io.cinemaabyss.cinema.examples;

import io.cinemaabyss.cinema.BuildLog;
import io.cinemaabyss.cinema.api.Built;
import io.cinemaabyss.cinema.api.Cinema;
import io.cinemaabyss.cinema.api.Connection;
import io.cinemaabyss.cinema.api.Copied;
import io.cinemaabyss.cinema.api.Credentials;
import io.cinemaabyss.cinema.api.Inspection;
import io.cinemaabyss.cinema.api.Layout;
import io.cinemaabyss.cinema.api.Registry;
import io.cinemaabyss.cinema.api.Verification;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Builds examples/movies-service for linux/amd64 and linux/arm64 into an OCI image layout, then
 * (given a registry image) pushes it, inspects it there and verifies it: the library's front door
 * alone, no Maven plugin, no Docker. It writes only into the layout directory (binaries and caches
 * go to a temporary directory that is deleted).
 *
 * <p>Usage: {@code BuildMoviesService [serviceDir] [layoutDir] [tag] [registryImage [insecure]]}
 */
public final class BuildMoviesService {

  public static void main(String[] args) {
    Path service = Path.of(args.length > 0 ? args[0] : "examples/movies-service");
    Layout layout = Layout.at(Path.of(args.length > 1 ? args[1] : "examples/movies-service/target/cinema/oci"))
        .tag(args.length > 2 ? args[2] : "latest");
    BuildLog log = BuildLog.of(System.out::println);

    Built built = Cinema.go(service)
        .platforms("linux/amd64", "linux/arm64")
        .ldflags("-s -w -X main.version=" + layout.reference().orElseThrow())
        .binaryName("movies-service")
        .ports(List.of("8080"))
        .annotations(Map.of(
            "org.opencontainers.image.title", "movies-service",
            "org.opencontainers.image.description", "Movies JSON API, built by the cinema-build library",
            "org.opencontainers.image.licenses", "Apache-2.0"))
        .log(log)
        .to(layout);
    System.out.println(built.details());
    System.out.println("Built " + built.summary().line());
    if (args.length < 4) {
      return;
    }

    Connection connection = args.length > 4 && args[4].equals("insecure")
        ? Connection.defaults().allowInsecure(true) : Connection.defaults();
    Registry registry = Registry.of(args[3], Credentials.standard()).connection(connection);
    Copied pushed = Cinema.copy(layout, registry).log(log).run();
    System.out.println("Pushed " + pushed.summary().line());

    Inspection inspection = Cinema.inspect(registry).log(log).run();
    System.out.println(inspection.table());
    Verification verification = Cinema.verify(registry).requirePlatforms(built.summary().platforms(), "the build").log(log).run();
    System.out.println(verification.summary());
    verification.requireOk();
  }
}
