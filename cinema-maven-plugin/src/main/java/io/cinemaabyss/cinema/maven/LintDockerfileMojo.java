package io.cinemaabyss.cinema.maven;

import io.cinemaabyss.cinema.api.Cinema;
import io.cinemaabyss.cinema.api.DockerfileLintReport;
import java.io.File;
import java.util.Optional;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Checks a Dockerfile for the mistakes that break or slow down multi-architecture builds: go build
 * under emulation (no {@code FROM --platform=$BUILDPLATFORM}), GOOS/GOARCH hard-coded, TARGETARCH or
 * TARGETOS used without ARG, cgo cross-compiles without a C toolchain, a final stage pinned to one
 * platform. Prints each finding with file:line, reason and fix, and fails when there is any (with
 * {@code -Dcinema.failOnLint=false} it reports them as warnings and passes).
 * Runs without a project: {@code mvn cinema:lint-dockerfile -Dcinema.dockerfile=path/to/Dockerfile}.
 */
@Mojo(name = "lint-dockerfile", requiresProject = false, threadSafe = true)
public class LintDockerfileMojo extends AbstractCinemaMojo {

  /** The Dockerfile to check. */
  @Parameter(property = "cinema.dockerfile", defaultValue = "${basedir}/Dockerfile")
  File dockerfile;

  /** The stage that becomes the image (for the final-stage rule); by default the last. */
  @Parameter(property = "cinema.target")
  String target;

  /** Fail when there are findings; with false they are reported as warnings and the goal passes. */
  @Parameter(property = "cinema.failOnLint", defaultValue = "true")
  boolean failOnLint;

  /** Skips this goal only ({@code cinema.skip} skips every goal). */
  @Parameter(property = "cinema.lint-dockerfile.skip", defaultValue = "false")
  boolean skipLintDockerfile;

  @Override
  protected boolean skipGoal() {
    return skipLintDockerfile;
  }


  @Override
  protected void run() throws MojoFailureException {
    DockerfileLintReport report = Cinema.lintDockerfile(dockerfile.toPath(), Optional.ofNullable(target));
    if (report.ok()) {
      getLog().info(report.summary());
      return;
    }
    for (String finding : report.findings()) {
      if (failOnLint) {
        getLog().error(finding);
      } else {
        getLog().warn(finding);
      }
    }
    if (!failOnLint) {
      getLog().warn(report.summary() + " (cinema.failOnLint=false: reported, not failing)");
      return;
    }
    throw new MojoFailureException(report.failure());
  }
}
