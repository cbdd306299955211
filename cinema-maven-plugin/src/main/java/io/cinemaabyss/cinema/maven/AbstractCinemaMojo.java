package io.cinemaabyss.cinema.maven;

import com.google.cloud.tools.jib.api.ImageReference;
import io.cinemaabyss.cinema.BuildLog;
import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.registry.NamedCredentialSource;
import io.cinemaabyss.cinema.registry.RegistryAccess;
import io.cinemaabyss.cinema.registry.RegistryCredentials;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * What every goal shares: skip, registry access, and credentials read the way Jib reads them.
 * Subclasses parse their own parameters and make one call into cinema-build-core.
 */
public abstract class AbstractCinemaMojo extends AbstractMojo {

  /** Skips every cinema goal. */
  @Parameter(property = "cinema.skip", defaultValue = "false")
  protected boolean skip;

  /**
   * Allows registries over plain HTTP or with certificates that do not verify (self-signed).
   * Only for registries you trust; credentials are then sent over those connections too.
   */
  @Parameter(property = "cinema.allowInsecureRegistries", defaultValue = "false")
  protected boolean allowInsecureRegistries;

  /**
   * Explicit registry credentials, used before any other source: {@code <auth><username>..</username>
   * <password>..</password></auth>}, or the properties {@code cinema.auth.username} and
   * {@code cinema.auth.password}.
   */
  @Parameter
  protected Auth auth;

  @Parameter(property = "cinema.auth.username")
  protected String authUsername;

  @Parameter(property = "cinema.auth.password")
  protected String authPassword;

  @Parameter(defaultValue = "${project}", readonly = true, required = false)
  protected MavenProject project;

  @Parameter(defaultValue = "${session}", readonly = true, required = true)
  protected MavenSession session;

  @Component
  protected SettingsDecrypter settingsDecrypter;

  @Parameter(defaultValue = "${mojoExecution}", readonly = true, required = false)
  protected org.apache.maven.plugin.MojoExecution mojoExecution;

  /** Username and password for a registry. */
  public static class Auth {
    /** The registry username. */
    public String username;

    /** The registry password or token; never logged. */
    public String password;
  }

  @Override
  public final void execute() throws MojoExecutionException, MojoFailureException {
    try {
      if (session != null) {
        UserPropertyOverrides.apply(this, mojoExecution, session.getUserProperties(), project == null ? null : project.getBasedir());
      }
    } catch (CinemaException e) {
      throw new MojoFailureException(e.getMessage(), e);
    }
    if (skip || skipGoal()) {
      getLog().info("Skipping " + goalName() + " (cinema.skip)");
      return;
    }
    try {
      run();
    } catch (CinemaException e) {
      throw new MojoFailureException(e.getMessage(), e);
    } catch (java.io.UncheckedIOException e) {
      throw new MojoExecutionException(e.getMessage(), e);
    }
  }

  /** The goal's work; throw {@link CinemaException} for what the user can fix. */
  protected abstract void run() throws MojoExecutionException, MojoFailureException;

  /** A goal-specific skip flag, such as {@code cinema.skipPush}. */
  protected boolean skipGoal() {
    return false;
  }

  protected abstract String goalName();

  protected BuildLog buildLog() {
    return new MavenBuildLog(getLog());
  }

  protected RegistryAccess registryAccess() {
    return RegistryAccess.forLog(allowInsecureRegistries, buildLog());
  }

  protected Map<String, String> environment() {
    return System.getenv();
  }

  /**
   * Credentials for {@code image}'s registry, in Jib's order: {@code <auth>} or
   * {@code cinema.auth.*}; settings.xml {@code <server>} whose id is the registry host (decrypted);
   * Docker config.json (auths, credHelpers, credsStore); environment.
   */
  protected RegistryCredentials credentialsFor(ImageReference image) {
    List<NamedCredentialSource> explicit = new ArrayList<>();
    if (auth != null && auth.username != null && auth.password != null) {
      explicit.add(RegistryCredentials.fixed("<auth> in the plugin configuration", auth.username, auth.password));
    }
    if (authUsername != null && authPassword != null) {
      explicit.add(RegistryCredentials.fixed("properties cinema.auth.username/cinema.auth.password", authUsername, authPassword));
    }
    settingsServer(image.getRegistry()).ifPresent(explicit::add);
    BuildLog log = buildLog();
    return RegistryCredentials.standard(image, explicit, environment(), event -> log.debug(event.getMessage()));
  }

  private java.util.Optional<NamedCredentialSource> settingsServer(String registry) {
    return SettingsServerCredential.find(session == null ? null : session.getSettings(), settingsDecrypter, registry);
  }

  /**
   * {@code value}, or, when it is the default under target/cinema and the pom named this execution,
   * the execution's own place: two {@code <execution>}s of one pom (two main packages, two images)
   * then write, push and verify separate layouts instead of sharing one.
   */
  protected File perExecution(File value, String defaultUnderCinema) {
    if (value == null || project == null || mojoExecution == null || project.getBuild() == null) {
      return value;
    }
    String id = mojoExecution.getExecutionId();
    if (id == null || id.startsWith("default-") || id.equals("default")) {
      return value;
    }
    File cinema = new File(project.getBuild().getDirectory(), "cinema");
    if (!value.getAbsoluteFile().equals(new File(cinema, defaultUnderCinema).getAbsoluteFile())) {
      return value; // configured
    }
    return new File(new File(cinema, id), defaultUnderCinema);
  }

  protected File buildDirectory() {
    return new File(project.getBuild().getDirectory());
  }
}
