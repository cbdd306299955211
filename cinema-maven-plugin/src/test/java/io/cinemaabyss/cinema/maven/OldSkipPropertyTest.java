package io.cinemaabyss.cinema.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.maven.execution.DefaultMavenExecutionRequest;
import org.apache.maven.execution.DefaultMavenExecutionResult;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;

/**
 * The goals' old skip properties (cinema.skipVerify, cinema.skipPush, cinema.skipCheckDeployment) are
 * no parameters any more, but a -D or a pom property of that name still skips the goal, with one
 * warning naming the new property; a goal without the property runs.
 */
class OldSkipPropertyTest {

  @Test
  void aPomPropertySkipsVerifyAndWarnsOnceNamingTheNewProperty() throws Exception {
    List<String> warnings = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      VerifyMojo mojo = new VerifyMojo();
      mojo.project = new MavenProject();
      mojo.project.getProperties().setProperty("cinema.skipVerify", "true");
      mojo.setLog(warningsInto(warnings));
      mojo.execute();
    }
    assertThat(warnings).containsExactly(
        "The parameter 'skipVerify (cinema.skipVerify)' of cinema:verify is deprecated: use 'cinema.verify.skip' (the old name still works).");
  }

  @Test
  void withoutTheOldPropertyVerifyRuns() {
    VerifyMojo mojo = new VerifyMojo();
    mojo.project = new MavenProject();
    assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class).hasMessageContaining("No image to read");
  }

  @Test
  void aUserPropertySkipsCheckDeploymentAndWinsOverThePom() throws Exception {
    CheckDeploymentMojo mojo = new CheckDeploymentMojo();
    mojo.project = new MavenProject();
    mojo.project.getProperties().setProperty("cinema.skipCheckDeployment", "false");
    mojo.session = sessionWith("cinema.skipCheckDeployment", "true");
    mojo.execute(); // run, it would fail: no manifests are given
  }

  @Test
  void anOldPropertyThatIsNoBooleanIsNamedWithItsNewName() {
    PushMojo mojo = new PushMojo();
    mojo.session = sessionWith("cinema.skipPush", "yes");
    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessage("cinema.skipPush=yes is not a boolean: use true or false, under its new name cinema.push.skip.");
  }

  @SuppressWarnings("deprecation") // the four-argument constructor is what Maven 3 itself calls
  private static MavenSession sessionWith(String name, String value) {
    Properties user = new Properties();
    user.setProperty(name, value);
    return new MavenSession(null, null, new DefaultMavenExecutionRequest().setUserProperties(user), new DefaultMavenExecutionResult());
  }

  private static SystemStreamLog warningsInto(List<String> warnings) {
    return new SystemStreamLog() {
      @Override
      public void warn(CharSequence content) {
        warnings.add(content.toString());
      }
    };
  }
}
