package io.cinemaabyss.cinema.api;

import io.cinemaabyss.cinema.assemble.GitRevision;
import io.cinemaabyss.cinema.oci.ImageAnnotations;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a build tool knows of the project (a pom's name, description, url, version, licences and scm
 * url), turned into the {@code org.opencontainers.image.*} annotations GHCR and other tools read.
 * Any value may be null or blank; those are left out.
 *
 * @param sourceUrl where the sources live, such as the pom's scm url; the git remote of the module when absent
 * @param licenses licence names, joined with " OR "
 */
public record ProjectMetadata(Optional<String> sourceUrl, String url, String title, String description, String version,
    List<String> licenses) {

  public ProjectMetadata {
    sourceUrl = sourceUrl == null ? Optional.empty() : sourceUrl;
    licenses = licenses == null ? List.of() : List.copyOf(licenses);
  }

  /** No project: only what git says of the module (source and revision). */
  public static ProjectMetadata none() {
    return new ProjectMetadata(Optional.empty(), null, null, null, null, List.of());
  }

  /**
   * The annotations of an image built from {@code module}: these values, the git revision and (when no
   * source url is given) the git remote of {@code module}; {@code configured} ones win.
   */
  public Map<String, String> annotations(Path module, Map<String, String> configured) {
    ImageAnnotations values = new ImageAnnotations();
    values.put(ImageAnnotations.SOURCE, sourceUrl.filter(s -> !s.isBlank()).or(() -> GitRevision.remoteUrl(module)));
    values.put(ImageAnnotations.URL, url);
    values.put(ImageAnnotations.TITLE, title);
    values.put(ImageAnnotations.DESCRIPTION, description);
    values.put(ImageAnnotations.VERSION, version);
    values.put(ImageAnnotations.LICENSES, String.join(" OR ", licenses));
    values.put(ImageAnnotations.REVISION, GitRevision.of(module));
    Map<String, String> all = new LinkedHashMap<>(values.asMap());
    if (configured != null) {
      all.putAll(configured);
    }
    return all;
  }
}
