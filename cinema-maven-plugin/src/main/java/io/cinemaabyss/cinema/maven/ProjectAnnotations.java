package io.cinemaabyss.cinema.maven;

import io.cinemaabyss.cinema.image.GitRevision;
import io.cinemaabyss.cinema.image.ImageAnnotations;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.model.License;
import org.apache.maven.project.MavenProject;

/** The index annotations GHCR and other tools read, taken from the pom; configured ones win. */
final class ProjectAnnotations {

  private ProjectAnnotations() {}

  static Map<String, String> of(MavenProject project, Path goModule, Map<String, String> configured) {
    ImageAnnotations values = new ImageAnnotations();
    if (project != null) {
      values.put(ImageAnnotations.SOURCE, ScmSource.declaredUrl(project).or(() -> GitRevision.remoteUrl(goModule)));
      values.put(ImageAnnotations.URL, project.getUrl());
      values.put(ImageAnnotations.TITLE, project.getName() != null ? project.getName() : project.getArtifactId());
      values.put(ImageAnnotations.DESCRIPTION, project.getDescription());
      values.put(ImageAnnotations.VERSION, project.getVersion());
      List<String> licenses = new ArrayList<>();
      for (License license : project.getLicenses()) {
        if (license.getName() != null) {
          licenses.add(license.getName());
        }
      }
      values.put(ImageAnnotations.LICENSES, String.join(" OR ", licenses));
    }
    values.put(ImageAnnotations.REVISION, GitRevision.of(goModule));
    Map<String, String> all = new LinkedHashMap<>(values.asMap());
    if (configured != null) {
      all.putAll(configured);
    }
    return all;
  }
}
