package io.cinemaabyss.cinema.maven;

import io.cinemaabyss.cinema.api.ProjectMetadata;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.apache.maven.model.License;
import org.apache.maven.project.MavenProject;

/** The index annotations GHCR and other tools read, taken from the pom; configured ones win. */
final class ProjectAnnotations {

  private ProjectAnnotations() {}

  static Map<String, String> of(MavenProject project, Path goModule, Map<String, String> configured) {
    ProjectMetadata metadata = project == null ? ProjectMetadata.none()
        : new ProjectMetadata(ScmSource.declaredUrl(project), project.getUrl(),
            project.getName() != null ? project.getName() : project.getArtifactId(), project.getDescription(), project.getVersion(),
            project.getLicenses().stream().map(License::getName).filter(Objects::nonNull).toList());
    return metadata.annotations(goModule, configured);
  }
}
