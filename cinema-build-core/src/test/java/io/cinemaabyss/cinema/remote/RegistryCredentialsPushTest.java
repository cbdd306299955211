package io.cinemaabyss.cinema.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cinemaabyss.cinema.BuildLog;
import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.assemble.BuildResult;
import io.cinemaabyss.cinema.testing.Commands;
import io.cinemaabyss.cinema.testing.MoviesServiceImages;
import io.cinemaabyss.cinema.testing.TestServices;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pushes to the real TLS registry with htpasswd (Basic auth) with credentials from each source:
 * explicit, Docker config.json auths, a real docker-credential-* helper (credHelpers and
 * credsStore), the environment; and fails clearly, without the secret, on a wrong password and
 * an unknown host.
 */
class RegistryCredentialsPushTest {

  private static String registry;
  private static String repository;
  private static BuildResult build;

  @TempDir Path tmp;

  /** Every line the push logged: the library's and jib's. */
  private final List<String> logLines = Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  static void buildOnce() {
    registry = TestServices.tlsRegistry();
    repository = "push-it/tls-" + UUID.randomUUID().toString().substring(0, 8);
    build = MoviesServiceImages.scratch();
  }

  private PushResult push(String tag, RegistryCredentials credentials) {
    return pushTo(registry + "/" + repository + ":" + tag, credentials);
  }

  private PushResult pushTo(String target, RegistryCredentials credentials) {
    RegistryAccess access = new RegistryAccess(true, event -> logLines.add(event.getMessage()));
    return new ImagePusher(access, credentials, BuildLog.of(logLines::add))
        .push(build.layout(), MoviesServiceImages.TAG, RegistryAccess.parse(target), List.of());
  }

  private RegistryCredentials standard(String tag, Map<String, String> env) {
    return RegistryCredentials.standard(
        RegistryAccess.parse(registry + "/" + repository + ":" + tag), List.of(), env, event -> logLines.add(event.getMessage()));
  }

  private Map<String, String> envWithDockerConfig(String configJson) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("docker"));
    Files.writeString(dir.resolve("config.json"), configJson);
    Map<String, String> env = new HashMap<>();
    env.put("DOCKER_CONFIG", dir.toString());
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    return env;
  }

  /** Puts the test helper executable in a directory at the front of the environment's PATH. */
  private Path installHelper(Map<String, String> env, String secret) throws IOException {
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Path helper = bin.resolve("docker-credential-cinematest");
    try (InputStream in = getClass().getResourceAsStream("/credential-helper/docker-credential-cinematest")) {
      Files.copy(in, helper, StandardCopyOption.REPLACE_EXISTING);
    }
    assertThat(helper.toFile().setExecutable(true)).isTrue();
    Path calls = tmp.resolve("helper-calls.txt");
    env.put("PATH", bin + ":" + env.get("PATH"));
    env.put("CINEMA_TEST_HELPER_SERVER", registry);
    env.put("CINEMA_TEST_HELPER_USERNAME", TestServices.tlsUser());
    env.put("CINEMA_TEST_HELPER_SECRET", secret);
    env.put("CINEMA_TEST_HELPER_CALLS", calls.toString());
    return calls;
  }

  private String readBack(String tag) {
    return Commands.run("skopeo", "inspect", "--raw", "--tls-verify=false",
            "--creds", TestServices.tlsUser() + ":" + TestServices.tlsPassword(), "docker://" + registry + "/" + repository + ":" + tag)
        .requireSuccess().output().strip();
  }

  private void assertNoSecretLogged(String... secrets) {
    for (String secret : secrets) {
      assertThat(logLines).noneMatch(l -> l != null && l.contains(secret));
    }
  }

  @Test
  void explicitCredentialsPushOverTlsWithBasicAuth() {
    PushResult result = push("explicit", RegistryCredentials.of(List.of(
        RegistryCredentials.fixed("test credentials", TestServices.tlsUser(), TestServices.tlsPassword()))));

    assertThat(result.digest()).isEqualTo(build.index().digest());
    assertThat(readBack("explicit")).isEqualTo(new String(build.layout().readBlob(build.index().digest()), StandardCharsets.UTF_8));
    assertThat(logLines).anyMatch(l -> l.contains("credential of user '" + TestServices.tlsUser() + "' from test credentials"));
    assertNoSecretLogged(TestServices.tlsPassword());
  }

  @Test
  void aWrongPasswordNamesTheRegistryAndTheSourceButNotThePassword() {
    String wrong = "wrong-" + UUID.randomUUID();
    RegistryCredentials credentials = RegistryCredentials.of(List.of(
        RegistryCredentials.fixed("settings of the test", TestServices.tlsUser(), wrong)));

    assertThatThrownBy(() -> push("wrong", credentials))
        .isInstanceOf(RegistryAuthenticationException.class)
        .hasMessageContaining("Registry " + registry + " refused")
        .hasMessageContaining("user '" + TestServices.tlsUser() + "' from settings of the test")
        .satisfies(e -> assertThat(fullText(e)).doesNotContain(wrong).doesNotContain(TestServices.tlsPassword()));
    assertNoSecretLogged(wrong, TestServices.tlsPassword());
    assertThat(Commands.run("skopeo", "inspect", "--raw", "--tls-verify=false",
        "--creds", TestServices.tlsUser() + ":" + TestServices.tlsPassword(), "docker://" + registry + "/" + repository + ":wrong").exitCode())
        .as("no tag was created").isNotZero();
  }

  @Test
  void noCredentialAtAllIsRefusedAsAnonymous() {
    assertThatThrownBy(() -> push("anonymous", RegistryCredentials.none()))
        .isInstanceOf(RegistryAuthenticationException.class)
        .hasMessageContaining("refused no credential (anonymous)");
  }

  @Test
  void anUnknownHostIsNamed() {
    assertThatThrownBy(() -> pushTo("no-such-registry.invalid/push-it/movies:1.0", RegistryCredentials.none()))
        .isInstanceOf(CinemaException.class)
        .hasMessageContaining("Unknown registry host 'no-such-registry.invalid'");
  }

  @Test
  void dockerConfigAuthsAreUsed() throws IOException {
    String auth = Base64.getEncoder().encodeToString(
        (TestServices.tlsUser() + ":" + TestServices.tlsPassword()).getBytes(StandardCharsets.UTF_8));
    Map<String, String> env = envWithDockerConfig("{\"auths\":{\"" + registry + "\":{\"auth\":\"" + auth + "\"}}}");

    push("auths", standard("auths", env));

    assertThat(readBack("auths")).contains("\"manifests\"");
    assertThat(logLines).anyMatch(l -> l.contains("from Docker config " + tmp.resolve("docker").resolve("config.json")));
    assertNoSecretLogged(TestServices.tlsPassword(), auth);
  }

  @Test
  void aCredentialHelperNamedInCredHelpersIsRun() throws IOException {
    Map<String, String> env = envWithDockerConfig("{\"credHelpers\":{\"" + registry + "\":\"cinematest\"}}");
    Path calls = installHelper(env, TestServices.tlsPassword());

    push("cred-helpers", standard("cred-helpers", env));

    assertThat(Files.readAllLines(calls)).contains(registry);
    assertThat(logLines).anyMatch(l -> l.contains("from Docker credential helper") && l.contains("docker-credential-cinematest (credHelpers in"));
    assertThat(readBack("cred-helpers")).isNotEmpty();
    assertNoSecretLogged(TestServices.tlsPassword());
  }

  @Test
  void theCredsStoreHelperIsRunWhenNoCredHelperMatches() throws IOException {
    Map<String, String> env = envWithDockerConfig("{\"credHelpers\":{\"other.example\":\"nothing\"},\"credsStore\":\"cinematest\"}");
    Path calls = installHelper(env, TestServices.tlsPassword());

    push("creds-store", standard("creds-store", env));

    assertThat(Files.readAllLines(calls)).contains(registry);
    assertThat(logLines).anyMatch(l -> l.contains("docker-credential-cinematest (credsStore in"));
    assertThat(readBack("creds-store")).isNotEmpty();
  }

  @Test
  void aWrongSecretFromTheHelperNamesTheHelperButNotTheSecret() throws IOException {
    String wrong = "helper-wrong-" + UUID.randomUUID();
    Map<String, String> env = envWithDockerConfig("{\"credHelpers\":{\"" + registry + "\":\"cinematest\"}}");
    installHelper(env, wrong);

    assertThatThrownBy(() -> push("helper-wrong", standard("helper-wrong", env)))
        .isInstanceOf(RegistryAuthenticationException.class)
        .hasMessageContaining("Registry " + registry + " refused")
        .hasMessageContaining("docker-credential-cinematest (credHelpers in " + tmp.resolve("docker").resolve("config.json"))
        .satisfies(e -> assertThat(fullText(e)).doesNotContain(wrong));
    assertNoSecretLogged(wrong);
  }

  @Test
  void environmentCredentialsAreUsedLast() throws IOException {
    Map<String, String> env = envWithDockerConfig("{}");
    env.put("CINEMA_REGISTRY_USERNAME", TestServices.tlsUser());
    env.put("CINEMA_REGISTRY_PASSWORD", TestServices.tlsPassword());

    push("environment", standard("environment", env));

    assertThat(logLines).anyMatch(l -> l.contains("from environment CINEMA_REGISTRY_USERNAME/CINEMA_REGISTRY_PASSWORD"));
    assertThat(readBack("environment")).isNotEmpty();
    assertNoSecretLogged(TestServices.tlsPassword());
  }

  /** The messages of an exception and all its causes, where a secret must not appear either. */
  static String fullText(Throwable e) {
    StringBuilder out = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      out.append(t).append('\n');
    }
    return out.toString();
  }
}
