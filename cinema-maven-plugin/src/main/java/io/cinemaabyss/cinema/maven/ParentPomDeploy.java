package io.cinemaabyss.cinema.maven;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.maven.AbstractMavenLifecycleParticipant;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.model.DistributionManagement;
import org.apache.maven.model.Plugin;
import org.apache.maven.project.MavenProject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pom-packaging project of images, in a build without anywhere to deploy its pom to: its
 * {@code maven-deploy-plugin} is skipped, with a line that says why, so {@code mvn deploy} pushes the images
 * without the user setting {@code maven.deploy.skip}. Such a project is the parent (or aggregator) of
 * cinema-image modules, or a pom that binds cinema goals in {@code <executions>} of its own.
 *
 * <p>Maven calls it once the reactor is read, because the plugin is a build extension
 * ({@code <extensions>true</extensions>}, as the cinema-image packaging needs). A parent that has a
 * {@code <distributionManagement>} repository, a build given {@code -DaltDeploymentRepository} (or its
 * release and snapshot forms), and a {@code maven.deploy.skip} the user set are left as they are.
 */
public final class ParentPomDeploy extends AbstractMavenLifecycleParticipant {

  static final String DEPLOY_SKIP = "maven.deploy.skip";
  static final String PLUGIN_KEY = "io.cinemaabyss:cinema-maven-plugin";
  private static final List<String> ALTERNATIVE_REPOSITORIES =
      List.of("altDeploymentRepository", "altReleaseDeploymentRepository", "altSnapshotDeploymentRepository");

  private static final Logger LOG = LoggerFactory.getLogger(ParentPomDeploy.class);

  @Override
  public void afterProjectsRead(MavenSession session) {
    boolean deploying = session.getGoals().stream().anyMatch(goal -> goal.equals("deploy") || goal.endsWith(":deploy"));
    for (MavenProject parent : parentsWithNowhereToDeploy(session.getProjects(), session.getUserProperties())) {
      parent.getProperties().setProperty(DEPLOY_SKIP, "true");
      if (deploying) {
        LOG.info("cinema: {} has pom packaging, {}, and no <distributionManagement> repository: its"
            + " maven-deploy-plugin is skipped (maven.deploy.skip), cinema:push sends the images."
            + " To deploy the pom itself, give it a <distributionManagement>.", parent.getId(),
            bindsCinemaGoals(parent) ? "binds cinema goals" : "is the parent of cinema-image modules");
      }
    }
  }

  /** The pom-packaging projects of the reactor whose deploy would fail for want of a repository. */
  static List<MavenProject> parentsWithNowhereToDeploy(List<MavenProject> reactor, Properties userProperties) {
    List<MavenProject> parents = new ArrayList<>();
    if (userProperties.containsKey(DEPLOY_SKIP) || ALTERNATIVE_REPOSITORIES.stream().anyMatch(userProperties::containsKey)) {
      return parents;
    }
    for (MavenProject project : reactor) {
      if ("pom".equals(project.getPackaging())
          && !project.getProperties().containsKey(DEPLOY_SKIP)
          && !hasRepository(project)
          && (bindsCinemaGoals(project)
              || reactor.stream().anyMatch(module -> "cinema-image".equals(module.getPackaging()) && isParentOf(project, module)))) {
        parents.add(project);
      }
    }
    return parents;
  }

  private static boolean bindsCinemaGoals(MavenProject project) {
    Plugin plugin = project.getPlugin(PLUGIN_KEY);
    return plugin != null && plugin.getExecutions().stream().anyMatch(execution -> !execution.getGoals().isEmpty());
  }

  private static boolean hasRepository(MavenProject project) {
    DistributionManagement distribution = project.getDistributionManagement();
    if (distribution == null) {
      return false;
    }
    // maven-deploy-plugin sends a snapshot to snapshotRepository when there is one, else to repository
    return distribution.getRepository() != null
        || (project.getVersion() != null && project.getVersion().endsWith("-SNAPSHOT") && distribution.getSnapshotRepository() != null);
  }

  /** Whether {@code module} inherits from {@code parent} or is one of its {@code <modules>}. */
  private static boolean isParentOf(MavenProject parent, MavenProject module) {
    for (MavenProject p = module.getParent(); p != null; p = p.getParent()) {
      if (p == parent || p.getId().equals(parent.getId())) {
        return true;
      }
    }
    if (parent.getBasedir() == null || module.getBasedir() == null) {
      return false;
    }
    for (String name : parent.getModules()) {
      File dir = new File(parent.getBasedir(), name);
      File moduleDir = dir.getName().endsWith(".xml") ? dir.getParentFile() : dir;
      if (moduleDir.toPath().normalize().equals(module.getBasedir().toPath().normalize())) {
        return true;
      }
    }
    return false;
  }
}
