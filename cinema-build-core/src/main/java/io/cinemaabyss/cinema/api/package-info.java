/**
 * The front door of cinema-build-core for programs that embed it: build a Go service (or a
 * Dockerfile) for several platforms into an OCI layout or a registry, copy an image from one
 * {@link io.cinemaabyss.cinema.api.Location} to another, and inspect or verify any image.
 *
 * <pre>{@code
 * Built built = Cinema.go(Path.of("services/movies"))
 *     .platforms("linux/amd64", "linux/arm64")
 *     .workDirectory(Path.of("target/cinema/work"))
 *     .to(Layout.at(Path.of("target/cinema/oci")).tag("1.0.0"));
 * Copied pushed = Cinema.copy(Layout.at(Path.of("target/cinema/oci")).tag("1.0.0"),
 *     Registry.of("ghcr.io/owner/movies:1.0.0").credentials(Credentials.standard())).run();
 * Inspection report = Cinema.inspect(Registry.of("ghcr.io/owner/movies:1.0.0")).run();
 * }</pre>
 *
 * <p>Its signatures name only its own types, {@link io.cinemaabyss.cinema.oci.Platform},
 * {@link io.cinemaabyss.cinema.BuildLog}, {@link io.cinemaabyss.cinema.CinemaException} and the JDK; no
 * jib or docker-java type. It writes only into the directories it is given (and a temporary
 * directory it deletes when no work directory is given).
 */
package io.cinemaabyss.cinema.api;
