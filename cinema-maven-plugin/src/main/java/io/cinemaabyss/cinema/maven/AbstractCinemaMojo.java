package io.cinemaabyss.cinema.maven;

import io.cinemaabyss.cinema.BuildLog;
import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.api.Connection;
import io.cinemaabyss.cinema.api.Credentials;
import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
   * Allows every registry over plain HTTP or with a certificate that does not verify (self-signed).
   * Credentials still never go over plain HTTP to a non-loopback host unless it is named in
   * {@code plainHttpCredentialRegistries}.
   */
  @Parameter(property = "cinema.allowInsecureRegistries", defaultValue = "false")
  protected boolean allowInsecureRegistries;

  /** Registries (host[:port]) allowed over plain HTTP or a self-signed certificate, one by one. */
  @Parameter(property = "cinema.insecureRegistries")
  protected List<String> insecureRegistries;

  /**
   * Registries (host[:port]) to which credentials may be sent over plain HTTP. Loopback registries
   * need no entry; any other host must be named here, on a network you trust.
   */
  @Parameter(property = "cinema.plainHttpCredentialRegistries")
  protected List<String> plainHttpCredentialRegistries;

  /** How many times a registry request that failed transiently (5xx, 429, a reset) is retried. */
  @Parameter(property = "cinema.registry.retries", defaultValue = "5")
  protected int registryRetries;

  /** Seconds to open a connection to a registry. */
  @Parameter(property = "cinema.registry.connectTimeout", defaultValue = "10")
  protected int registryConnectTimeout;

  /** Seconds a registry may stay silent on one request before it is given up. */
  @Parameter(property = "cinema.registry.readTimeout", defaultValue = "30")
  protected int registryReadTimeout;

  /** MiB: a larger blob is uploaded in PATCH chunks of this size, so a reset costs one chunk where the registry keeps the session. */
  @Parameter(property = "cinema.registry.chunkSize", defaultValue = "16")
  protected int registryChunkSize;

  /** Seconds one push, index or inspect may take with a registry in all. */
  @Parameter(property = "cinema.registry.deadline", defaultValue = "1800")
  protected int registryDeadline;

  /**
   * Explicit registry credentials, used before any other source:
   * &amp;lt;auth&amp;gt;&amp;lt;username&amp;gt;USER&amp;lt;/username&amp;gt;&amp;lt;password&amp;gt;TOKEN&amp;lt;/password&amp;gt;&amp;lt;/auth&amp;gt; (keep the password out
   * of the pom: mvn -X prints the configuration), or the properties cinema.auth.username and
   * cinema.auth.password. Then a settings.xml server whose id is the registry host, Docker's
   * config.json and credential helpers, CINEMA_REGISTRY_USERNAME and CINEMA_REGISTRY_PASSWORD, and
   * GITHUB_TOKEN for ghcr.io.
   */
  @Parameter
  protected Auth auth;

  /**
   * The registry username as a property, -Dcinema.auth.username=USER, used with the password in the
   * property cinema.auth.password (-D, a settings.xml profile's properties, or the pom's). The password
   * is read when the goal runs and is no parameter, so mvn -X never prints it.
   */
  @Parameter(property = "cinema.auth.username")
  protected String authUsername;

  /**
   * The password or token for {@code cinema.auth.username} is read from the property
   * {@code cinema.auth.password} (-D, a profile's properties in settings.xml or the pom) when the goal runs: it is not a
   * mojo parameter, so {@code mvn -X} does not print it in the parameter dump.
   */
  static final String AUTH_PASSWORD_PROPERTY = "cinema.auth.password";

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

    /** The environment variable that holds the password or token, such as {@code REGISTRY_PASSWORD}. */
    public String passwordEnvironment;

    /**
     * Refused: a password written in the pom (also as {@code ${env.X}}) is printed by {@code mvn -X}
     * (Maven dumps the plugin configuration with {@code ${env.X}} replaced); use passwordEnvironment.
     */
    public String password;

    @Override
    public String toString() {
      return "Auth{username=" + username + ", passwordEnvironment=" + passwordEnvironment + (password == null ? "" : ", password=****") + "}";
    }
  }


  @Override
  public final void execute() throws MojoExecutionException, MojoFailureException {
    try {
      if (session != null) {
        UserPropertyOverrides.apply(this, mojoExecution, session.getUserProperties(), project == null ? null : project.getBasedir());
      }
      if (skip || goalSkipped()) {
        getLog().info("Skipping " + goalName() + " (" + (skip ? "cinema.skip" : "cinema." + goalName() + ".skip") + ")");
        return;
      }
      run();
    } catch (CinemaException e) {
      throw new MojoFailureException(e.getMessage(), e);
    } catch (java.io.UncheckedIOException e) {
      throw new MojoExecutionException(e.getMessage(), e);
    }
  }

  /** The goal's work; throw {@link CinemaException} for what the user can fix. */
  protected abstract void run() throws MojoExecutionException, MojoFailureException;

  /** The goal's own skip flag, {@code cinema.GOAL.skip}. */
  protected abstract boolean skipGoal();

  /** The old names of goals' skip properties ({@code cinema.skipVerify}): still read, with a warning, so old poms and CI scripts work. */
  private static final Map<String, String> OLD_SKIP_PROPERTIES =
      Map.of("verify", "skipVerify", "push", "skipPush", "check-deployment", "skipCheckDeployment");

  /** The goal's skip flag: its old property when that is set (warning once), else {@link #skipGoal}. */
  private boolean goalSkipped() {
    String old = OLD_SKIP_PROPERTIES.get(goalName());
    String value = old == null ? null : property("cinema." + old);
    if (value != null && !value.trim().equalsIgnoreCase("true") && !value.trim().equalsIgnoreCase("false")) {
      throw new CinemaException("cinema." + old + "=" + value + " is not a boolean: use true or false, under its new name cinema." + goalName() + ".skip.");
    }
    return deprecated(value == null ? null : Boolean.valueOf(value.trim()), old + " (cinema." + old + ")", "cinema." + goalName() + ".skip", skipGoal());
  }

  /** A property as Maven reads a parameter's: the user properties (-D), the system properties, then the project's. */
  private String property(String name) {
    String value = session == null ? null : session.getUserProperties().getProperty(name);
    if (value == null && session != null) {
      value = session.getSystemProperties().getProperty(name);
    }
    return value == null && project != null ? project.getProperties().getProperty(name) : value;
  }

  /**
   * The goal's name, {@code cinema:NAME}, from the class, as the {@code @Mojo} annotations name them:
   * {@code CheckDeploymentMojo} is {@code check-deployment} (GoalNamesTest holds them to plugin.xml).
   */
  protected String goalName() {
    return getClass().getSimpleName().replaceFirst("Mojo$", "").replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
  }

  protected BuildLog buildLog() {
    return new MavenBuildLog(getLog());
  }

  /** {@code cinema.auth.password} from the user properties (-D), the project's properties, else the system properties. */
  private String authPassword() {
    String value = session == null ? null : session.getUserProperties().getProperty(AUTH_PASSWORD_PROPERTY);
    if (value == null && project != null) {
      value = project.getProperties().getProperty(AUTH_PASSWORD_PROPERTY);
    }
    if (value == null && session != null) {
      value = session.getSystemProperties().getProperty(AUTH_PASSWORD_PROPERTY);
    }
    return value != null ? value : System.getProperty(AUTH_PASSWORD_PROPERTY);
  }

  protected Map<String, String> environment() {
    return System.getenv();
  }

  /**
   * Credentials for any registry, in Jib's order: {@code <auth>} or {@code cinema.auth.*};
   * settings.xml {@code <server>} whose id is the registry host (decrypted); Docker config.json
   * (auths, credHelpers, credsStore); the environment.
   */
  protected Credentials credentials() {
    Credentials chain = Credentials.standard(environment());
    for (ExplicitSource source : ExplicitSource.values()) {
      chain = chain.explicit(registry -> source.name(registry), registry -> explicitLogin(source, registry));
    }
    return chain;
  }

  /** Where explicit credentials come from, in the order they are tried (before Docker's config and the environment). */
  private enum ExplicitSource {
    AUTH, PROPERTIES, SETTINGS;

    String name(String registry) {
      return switch (this) {
        case AUTH -> "<auth> in the plugin configuration";
        case PROPERTIES -> "properties cinema.auth.username/cinema.auth.password";
        case SETTINGS -> SettingsServerCredential.sourceName(registry);
      };
    }
  }

  /** The one place that reads each explicit source. */
  private java.util.Optional<Credentials.Login> explicitLogin(ExplicitSource source, String registry) {
    return switch (source) {
      case AUTH -> authLogin(registry);
      case PROPERTIES -> {
        String password = authPassword();
        yield authUsername != null && password != null ? java.util.Optional.of(new Credentials.Login(authUsername, password)) : java.util.Optional.empty();
      }
      case SETTINGS -> SettingsServerCredential.login(session == null ? null : session.getSettings(), settingsDecrypter, registry);
    };
  }

  /** {@code <auth>}: a username and the environment variable holding the password; a password in the pom is refused. */
  private java.util.Optional<Credentials.Login> authLogin(String registry) {
    if (auth == null) {
      return java.util.Optional.empty();
    }
    if (auth.password != null) {
      throw new CinemaException("<auth><password> is set in the pom, where mvn -X prints it (Maven dumps the plugin configuration"
          + " with ${env.X} already replaced). Name the variable that holds it instead,"
          + " <auth><passwordEnvironment>REGISTRY_PASSWORD</passwordEnvironment>, or use a settings.xml <server> with id '"
          + registry + "', CINEMA_REGISTRY_USERNAME/CINEMA_REGISTRY_PASSWORD, or docker login.");
    }
    if (auth.username == null || auth.passwordEnvironment == null) {
      return java.util.Optional.empty();
    }
    String secret = environment().get(auth.passwordEnvironment);
    if (secret == null || secret.isEmpty()) {
      throw new CinemaException("<auth><passwordEnvironment> names " + auth.passwordEnvironment + ", which is not set in the environment of this build.");
    }
    return java.util.Optional.of(new Credentials.Login(auth.username, secret));
  }

  /** How registries are reached: insecure registries, plain-HTTP credentials, retries, timeouts, chunk size. */
  protected Connection connection() {
    Connection connection = Connection.defaults()
        .allowInsecure(allowInsecureRegistries)
        .retries(registryRetries)
        .timeouts(Duration.ofSeconds(registryConnectTimeout), Duration.ofSeconds(registryReadTimeout), Duration.ofSeconds(registryDeadline))
        .plainHttpCredentials(plainHttpCredentialRegistries == null ? Set.of() : plainHttpCredentialRegistries)
        .chunkSize(Math.max(1, registryChunkSize) * 1024L * 1024);
    return !allowInsecureRegistries && insecureRegistries != null ? connection.insecure(insecureRegistries) : connection;
  }

  private static final Set<String> WARNED = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * The value of a parameter under its deprecated name when that is set (warning once per build),
   * else {@code current}: old names keep working while users move to the new ones.
   */
  protected <T> T deprecated(T oldValue, String oldName, String newName, T current) {
    if (oldValue == null) {
      return current;
    }
    if (WARNED.add(goalName() + ":" + oldName)) {
      getLog().warn("The parameter '" + oldName + "' of cinema:" + goalName() + " is deprecated: use '" + newName + "' (the old name still works).");
    }
    return oldValue;
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

  /** Whether the goal runs inside a real project (not Maven's stand-in for "no pom"). */
  protected boolean inProject() {
    return project != null && project.getFile() != null;
  }

  /**
   * Writes a report through {@code writer} to {@code configured}, else inside a project to
   * target/cinema/{@code fallbackName}; outside a project nothing is written unless configured.
   */
  protected void writeReport(java.util.function.Function<java.nio.file.Path, java.nio.file.Path> writer, File configured, String fallbackName) {
    File file = reportFile(configured, fallbackName);
    if (file != null) {
      writer.apply(file.toPath());
      getLog().info("Report written to " + file);
    }
  }

  /** The report file: {@code configured}, else inside a project target/cinema/{@code fallbackName}, else none. */
  protected File reportFile(File configured, String fallbackName) {
    if (configured == null && inProject()) {
      return new File(new File(project.getBuild().getDirectory(), "cinema"), fallbackName);
    }
    return configured;
  }

  /** The trimmed, non-blank values of a list parameter; none when it is unset. */
  protected static List<String> nonBlank(List<String> values) {
    return values == null ? List.of() : values.stream().filter(v -> v != null && !v.isBlank()).map(String::trim).toList();
  }

  /** The platforms of a list parameter; none when it is unset or empty. */
  protected static List<io.cinemaabyss.cinema.oci.Platform> platformsOf(List<String> values) {
    List<String> given = nonBlank(values);
    return given.isEmpty() ? List.of() : io.cinemaabyss.cinema.oci.Platform.parseAll(given);
  }

  protected File buildDirectory() {
    return new File(project.getBuild().getDirectory());
  }
}
