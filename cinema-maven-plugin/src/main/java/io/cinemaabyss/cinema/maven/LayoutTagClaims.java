package io.cinemaabyss.cinema.maven;

import io.cinemaabyss.cinema.CinemaException;
import java.io.File;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.project.MavenProject;

/**
 * Two executions of one build writing the same tag of the same layout would leave the second's
 * image under the first's name: that is an error, naming both.
 */
final class LayoutTagClaims {

  private static final String KEY = "cinema.layoutTags";

  private LayoutTagClaims() {}

  static void claim(MavenProject project, MojoExecution execution, File layout, String tag) {
    if (project == null) {
      return;
    }
    String key = layout.getAbsolutePath() + ":" + tag;
    String id = execution == null || execution.getExecutionId() == null ? "default" : execution.getExecutionId();
    @SuppressWarnings("unchecked")
    Map<String, String> claimed = (Map<String, String>) project.getContextValue(KEY);
    if (claimed == null) {
      claimed = new ConcurrentHashMap<>();
      project.setContextValue(KEY, claimed);
    }
    String other = claimed.putIfAbsent(key, id);
    if (other != null && !other.equals(id)) {
      throw new CinemaException("The executions '" + other + "' and '" + id + "' both write the tag '" + tag + "' of " + layout
          + ": the second would replace the first's image. Give each its own <layout>, or images with different tags.");
    }
  }
}
