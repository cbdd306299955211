package io.cinemaabyss.cinema.maven;

import java.util.Optional;
import org.apache.maven.model.Model;
import org.apache.maven.project.MavenProject;

/** The repository a project's sources are in, as its poms declare it. */
final class ScmSource {

  private ScmSource() {}

  /**
   * The scm url of the nearest project, this one or a parent, whose own pom declares one: a module
   * inherits its parent's url with /artifactId appended, which names no repository.
   */
  static Optional<String> declaredUrl(MavenProject project) {
    for (MavenProject p = project; p != null; p = p.getParent()) {
      Model declared = p.getOriginalModel();
      if (declared != null && declared.getScm() != null && declared.getScm().getUrl() != null && p.getScm() != null) {
        return Optional.ofNullable(p.getScm().getUrl());
      }
    }
    return Optional.empty();
  }
}
