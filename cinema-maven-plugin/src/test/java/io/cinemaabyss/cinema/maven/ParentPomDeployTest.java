package io.cinemaabyss.cinema.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.util.List;
import java.util.Properties;
import org.apache.maven.model.Build;
import org.apache.maven.model.DeploymentRepository;
import org.apache.maven.model.DistributionManagement;
import org.apache.maven.model.Model;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;

/** Given a reactor, which pom-packaging parents have their deploy skipped because it has nowhere to go. */
class ParentPomDeployTest {

  static MavenProject project(String artifactId, String packaging, String version) {
    Model model = new Model();
    model.setGroupId("com.example");
    model.setArtifactId(artifactId);
    model.setVersion(version);
    model.setPackaging(packaging);
    MavenProject project = new MavenProject(model);
    project.setFile(new File("/shop/" + artifactId + "/pom.xml"));
    return project;
  }

  static DistributionManagement distribution(boolean release, boolean snapshot) {
    DistributionManagement distribution = new DistributionManagement();
    DeploymentRepository repository = new DeploymentRepository();
    repository.setId("nexus");
    repository.setUrl("https://nexus.example/repo");
    if (release) {
      distribution.setRepository(repository);
    }
    if (snapshot) {
      distribution.setSnapshotRepository(repository);
    }
    return distribution;
  }

  @Test
  void aParentOfImageModulesWithNoRepositoryIsSkipped() {
    MavenProject parent = project("shop", "pom", "1.0.0");
    MavenProject movies = project("movies", "cinema-image", "1.0.0");
    movies.setParent(parent);

    assertThat(ParentPomDeploy.parentsWithNowhereToDeploy(List.of(parent, movies), new Properties()))
        .containsExactly(parent);
  }

  @Test
  void anAggregatorThatListsTheModuleIsSkippedToo() {
    MavenProject aggregator = project("shop", "pom", "1.0.0");
    aggregator.getModel().setModules(List.of("../movies"));
    MavenProject movies = project("movies", "cinema-image", "1.0.0");

    assertThat(ParentPomDeploy.parentsWithNowhereToDeploy(List.of(aggregator, movies), new Properties()))
        .containsExactly(aggregator);
  }

  @Test
  void aParentWithARepositoryDeploysAsUsual() {
    MavenProject parent = project("shop", "pom", "1.0.0");
    parent.getModel().setDistributionManagement(distribution(true, false));
    MavenProject movies = project("movies", "cinema-image", "1.0.0");
    movies.setParent(parent);

    assertThat(ParentPomDeploy.parentsWithNowhereToDeploy(List.of(parent, movies), new Properties())).isEmpty();
  }

  @Test
  void aSnapshotGoesToTheSnapshotRepositoryWhenThereIsOne() {
    MavenProject parent = project("shop", "pom", "1.0.0-SNAPSHOT");
    parent.getModel().setDistributionManagement(distribution(false, true));
    MavenProject movies = project("movies", "cinema-image", "1.0.0-SNAPSHOT");
    movies.setParent(parent);
    assertThat(ParentPomDeploy.parentsWithNowhereToDeploy(List.of(parent, movies), new Properties())).isEmpty();

    // a release has only the snapshot repository, where maven-deploy-plugin would not send it
    MavenProject release = project("shop", "pom", "1.0.0");
    release.getModel().setDistributionManagement(distribution(false, true));
    MavenProject module = project("movies", "cinema-image", "1.0.0");
    module.setParent(release);
    assertThat(ParentPomDeploy.parentsWithNowhereToDeploy(List.of(release, module), new Properties()))
        .containsExactly(release);
  }

  @Test
  void whatTheUserSetIsLeftAlone() {
    MavenProject parent = project("shop", "pom", "1.0.0");
    MavenProject movies = project("movies", "cinema-image", "1.0.0");
    movies.setParent(parent);
    for (String property : List.of("maven.deploy.skip", "altDeploymentRepository", "altReleaseDeploymentRepository")) {
      Properties user = new Properties();
      user.setProperty(property, property.equals("maven.deploy.skip") ? "false" : "nexus::https://nexus.example/repo");
      assertThat(ParentPomDeploy.parentsWithNowhereToDeploy(List.of(parent, movies), user)).as(property).isEmpty();
    }

    parent.getProperties().setProperty("maven.deploy.skip", "false");
    assertThat(ParentPomDeploy.parentsWithNowhereToDeploy(List.of(parent, movies), new Properties())).isEmpty();
  }

  @Test
  void aPomThatBindsCinemaGoalsIsSkipped() {
    MavenProject service = project("movies", "pom", "1.0.0");
    Plugin plugin = new Plugin();
    plugin.setGroupId("io.cinemaabyss");
    plugin.setArtifactId("cinema-maven-plugin");
    PluginExecution execution = new PluginExecution();
    execution.setGoals(List.of("build", "push"));
    plugin.addExecution(execution);
    Build build = new Build();
    build.addPlugin(plugin);
    service.getModel().setBuild(build);

    assertThat(ParentPomDeploy.parentsWithNowhereToDeploy(List.of(service), new Properties())).containsExactly(service);

    // declared without executions, as a parent declares it for its modules, it binds nothing
    execution.setGoals(List.of());
    assertThat(ParentPomDeploy.parentsWithNowhereToDeploy(List.of(service), new Properties())).isEmpty();
  }

  @Test
  void aPomWithoutImageModulesIsNotOurs() {
    MavenProject parent = project("libs", "pom", "1.0.0");
    MavenProject library = project("library", "jar", "1.0.0");
    library.setParent(parent);
    MavenProject unrelated = project("movies", "cinema-image", "1.0.0");

    assertThat(ParentPomDeploy.parentsWithNowhereToDeploy(List.of(parent, library, unrelated), new Properties())).isEmpty();
  }
}
