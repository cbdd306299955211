package io.cinemaabyss.cinema.maven;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.maven.model.Model;
import org.apache.maven.model.Scm;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;

/** Given a module of a multi-module build, its image's source is the repository, not the parent's url plus /module. */
class ScmSourceTest {

  static MavenProject project(String declaredUrl, String effectiveUrl) {
    Model effective = new Model();
    if (effectiveUrl != null) {
      Scm scm = new Scm();
      scm.setUrl(effectiveUrl);
      effective.setScm(scm);
    }
    Model original = new Model();
    if (declaredUrl != null) {
      Scm scm = new Scm();
      scm.setUrl(declaredUrl);
      original.setScm(scm);
    }
    MavenProject project = new MavenProject(effective);
    project.setOriginalModel(original);
    return project;
  }

  @Test
  void aModuleTakesTheUrlOfTheParentThatDeclaresIt() {
    MavenProject parent = project("https://github.com/o/shop", "https://github.com/o/shop");
    MavenProject module = project(null, "https://github.com/o/shop/movies");
    module.setParent(parent);

    assertThat(ScmSource.declaredUrl(module)).contains("https://github.com/o/shop");
  }

  @Test
  void aModuleThatDeclaresItsOwnKeepsIt() {
    MavenProject parent = project("https://github.com/o/shop", "https://github.com/o/shop");
    MavenProject module = project("https://github.com/o/movies", "https://github.com/o/movies");
    module.setParent(parent);

    assertThat(ScmSource.declaredUrl(module)).contains("https://github.com/o/movies");
  }

  @Test
  void noneDeclaredLeavesItToTheGitRemote() {
    assertThat(ScmSource.declaredUrl(project(null, null))).isEmpty();
  }
}
