package io.cinemaabyss.cinema.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cinemaabyss.cinema.BuildLog;
import io.cinemaabyss.cinema.assemble.BuildResult;
import io.cinemaabyss.cinema.assemble.PlatformImage;
import io.cinemaabyss.cinema.oci.Descriptor;
import io.cinemaabyss.cinema.oci.ImageAnnotations;
import io.cinemaabyss.cinema.oci.ImageIndexAssembler;
import io.cinemaabyss.cinema.oci.IndexFormat;
import io.cinemaabyss.cinema.testing.Commands;
import io.cinemaabyss.cinema.testing.MoviesServiceImages;
import io.cinemaabyss.cinema.testing.OwnRegistry;
import io.cinemaabyss.cinema.testing.TokenServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Bearer token flow: a real registry (distribution 2.8) configured for token auth, with a token
 * service that checks a username and password and signs JWTs the registry verifies. Push, blob mount
 * (the token must grant pull on the source repository) and a refused password.
 */
class BearerTokenPushTest {

  private static final String USER = "bearer-user";
  private static final String PASSWORD = "bearer-pass-" + UUID.randomUUID();

  @TempDir static Path dir;

  private static TokenServer tokens;
  private static OwnRegistry registry;
  private static BuildResult build;

  private final List<String> logLines = Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  static void start() {
    build = MoviesServiceImages.scratch();
    tokens = TokenServer.start(dir, USER, PASSWORD);
    registry = OwnRegistry.start(tokens.registryConfig());
  }

  @AfterAll
  static void stop() {
    if (registry != null) {
      registry.close();
    }
    if (tokens != null) {
      tokens.close();
    }
  }

  private ImagePusher pusher(String password) {
    return new ImagePusher(
        new RegistryAccess(true, e -> logLines.add(e.getMessage())),
        RegistryCredentials.of(List.of(RegistryCredentials.fixed("test bearer credentials", USER, password))),
        BuildLog.of(logLines::add));
  }

  @Test
  void pushesWithATokenFromTheTokenService() {
    String repository = registry.address() + "/push-it/bearer";
    PushResult result = pusher(PASSWORD).push(build.layout(), MoviesServiceImages.TAG, RegistryAccess.parse(repository + ":1.0"), List.of());

    assertThat(result.digest()).isEqualTo(build.index().digest());
    assertThat(tokens.grantedScopes()).contains("repository:push-it/bearer:pull,push");
    String raw = Commands.run("skopeo", "inspect", "--raw", "--tls-verify=false", "--creds", USER + ":" + PASSWORD, "docker://" + repository + ":1.0")
        .requireSuccess().output();
    assertThat(raw).isEqualTo(new String(build.layout().readBlob(build.index().digest()), StandardCharsets.UTF_8));
    assertThat(logLines).noneMatch(l -> l != null && l.contains(PASSWORD));
    assertThat(Commands.run("skopeo", "inspect", "--raw", "--tls-verify=false", "docker://" + repository + ":1.0").exitCode())
        .as("the registry demands a token").isNotZero();
  }

  @Test
  void mountsLayersWhenTheTokenGrantsPullOnTheBaseRepository() {
    String base = registry.address() + "/push-it/bearer-base:1";
    pusher(PASSWORD).push(build.layout(), MoviesServiceImages.TAG, RegistryAccess.parse(base), List.of());
    // the same image, its index naming that repository as its base, as a build on that base would
    List<Descriptor> manifests = build.images().stream().map(PlatformImage::manifest).toList();
    Descriptor index = build.layout().write(
        ImageIndexAssembler.index(IndexFormat.OCI, manifests, Map.of(ImageAnnotations.BASE_NAME, base)));
    build.layout().tag("bearer-on-base", index);

    PushResult result = pusher(PASSWORD).push(build.layout(), "bearer-on-base", RegistryAccess.parse(registry.address() + "/push-it/bearer-app:1"), List.of());

    assertThat(result.blobs().mounted()).isEqualTo(2);
    assertThat(result.blobs().uploaded()).isEqualTo(2 + 7); // the configs, and the SBOMs' and provenance's blobs (documents are not mounted)
    assertThat(tokens.grantedScopes()).anyMatch(s -> s.equals("repository:push-it/bearer-base:pull"));
  }

  @Test
  void aWrongPasswordIsRefusedByTheTokenServiceAndNamed() {
    String wrong = "wrong-" + UUID.randomUUID();
    assertThatThrownBy(() -> pusher(wrong).push(build.layout(), MoviesServiceImages.TAG,
            RegistryAccess.parse(registry.address() + "/push-it/bearer-wrong:1"), List.of()))
        .isInstanceOf(RegistryAuthenticationException.class)
        .hasMessageContaining("Registry " + registry.address() + " refused credential of user '" + USER + "' from test bearer credentials")
        .satisfies(e -> assertThat(RegistryCredentialsPushTest.fullText(e)).doesNotContain(wrong));
    assertThat(tokens.refusedUsers()).contains(USER);
    assertThat(logLines).noneMatch(l -> l != null && l.contains(wrong));
  }
}
