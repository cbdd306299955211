package io.cinemaabyss.cinema.attest;

import java.time.Instant;
import java.util.Optional;

/**
 * What an SBOM describes: one platform image's Go binary, as its build information records it, and
 * the base image under it.
 *
 * @param image the image's name without tag, such as {@code ghcr.io/owner/movies}
 * @param platform {@code os/arch[/variant]}
 * @param pathInImage where the binary is, such as {@code /usr/local/bin/movies}
 * @param base the base image and its platform manifest digest, when the image has one
 * @param created the build's time (SOURCE_DATE_EPOCH or the commit), never the clock
 */
public record BuiltBinary(
    String image, String platform, String pathInImage, GoBuildInfo buildInfo, Optional<BaseImage> base, Instant created) {

  /** A base image by name and the {@code sha256:} digest of its platform manifest. */
  public record BaseImage(String name, String digest) {}

  /** The Go package URL of a module, {@code pkg:golang/github.com/lib/pq@v1.10.7}. */
  static String purl(String modulePath, String version) {
    String encoded = modulePath.replace("%", "%25").replace("@", "%40");
    return "pkg:golang/" + encoded + (version.isEmpty() ? "" : "@" + version.replace("+", "%2B"));
  }
}
