package io.cinemaabyss.cinema.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cinemaabyss.cinema.BuildLog;
import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.image.BuildResult;
import io.cinemaabyss.cinema.registry.ImagePusher;
import io.cinemaabyss.cinema.registry.NamedCredentialSource;
import io.cinemaabyss.cinema.registry.PushResult;
import io.cinemaabyss.cinema.registry.RegistryAccess;
import io.cinemaabyss.cinema.registry.RegistryAuthenticationException;
import io.cinemaabyss.cinema.registry.RegistryCredentials;
import io.cinemaabyss.cinema.testing.MoviesServiceImages;
import io.cinemaabyss.cinema.testing.TestServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.DefaultSettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonatype.plexus.components.cipher.DefaultPlexusCipher;
import org.sonatype.plexus.components.sec.dispatcher.DefaultSecDispatcher;

/**
 * A settings.xml {@code <server>} with the registry host as id and a password encrypted with
 * {@code mvn --encrypt-password} (master password in settings-security.xml), decrypted by Maven's
 * own SettingsDecrypter, pushes to the real TLS registry; a wrong one is refused, naming the server.
 */
class SettingsServerCredentialTest {

  private static final String MASTER = "master-" + UUID.randomUUID();

  @TempDir Path tmp;

  private final List<String> logLines = Collections.synchronizedList(new ArrayList<>());

  /** Maven's decrypter over a settings-security.xml written as {@code mvn --encrypt-master-password} does. */
  private SettingsDecrypter decrypter() throws Exception {
    String encryptedMaster = new DefaultPlexusCipher().encryptAndDecorate(MASTER, "settings.security");
    Path security = Files.writeString(tmp.resolve("settings-security.xml"),
        "<settingsSecurity><master>" + encryptedMaster + "</master></settingsSecurity>");
    return new DefaultSettingsDecrypter(new DefaultSecDispatcher(new DefaultPlexusCipher(), Map.of(), security.toString()));
  }

  private static Settings settingsWith(String id, String username, String encryptedPassword) {
    Server server = new Server();
    server.setId(id);
    server.setUsername(username);
    server.setPassword(encryptedPassword);
    Settings settings = new Settings();
    settings.addServer(server);
    return settings;
  }

  private PushResult push(String registry, NamedCredentialSource source, String tag) {
    String target = registry + "/push-it/settings-" + UUID.randomUUID().toString().substring(0, 8) + ":" + tag;
    return new ImagePusher(new RegistryAccess(true, e -> logLines.add(e.getMessage())), RegistryCredentials.of(List.of(source)), BuildLog.of(logLines::add))
        .push(MoviesServiceImages.scratch().layout(), MoviesServiceImages.TAG, RegistryAccess.parse(target), List.of());
  }

  @Test
  void anEncryptedPasswordInSettingsPushesToTheRegistryOfThatId() throws Exception {
    String registry = TestServices.tlsRegistry();
    BuildResult build = MoviesServiceImages.scratch();
    String encrypted = new DefaultPlexusCipher().encryptAndDecorate(TestServices.tlsPassword(), MASTER);
    assertThat(encrypted).startsWith("{").doesNotContain(TestServices.tlsPassword());
    Settings settings = settingsWith(registry, TestServices.tlsUser(), encrypted);

    NamedCredentialSource source = SettingsServerCredential.find(settings, decrypter(), registry).orElseThrow();
    PushResult result = push(registry, source, "1.0");

    assertThat(source.name()).isEqualTo("settings.xml <server> '" + registry + "'");
    assertThat(result.digest()).isEqualTo(build.index().digest());
    assertThat(logLines).anyMatch(l -> l.contains("from settings.xml <server> '" + registry + "'"));
    assertThat(logLines).noneMatch(l -> l != null && l.contains(TestServices.tlsPassword()));
    assertThat(SettingsServerCredential.find(settings, decrypter(), "ghcr.io")).as("only the server of that registry").isEmpty();
  }

  @Test
  void aWrongPasswordInSettingsIsRefusedNamingTheServerAndNotThePassword() throws Exception {
    String registry = TestServices.tlsRegistry();
    String wrong = "wrong-" + UUID.randomUUID();
    Settings settings = settingsWith(registry, TestServices.tlsUser(), new DefaultPlexusCipher().encryptAndDecorate(wrong, MASTER));
    NamedCredentialSource source = SettingsServerCredential.find(settings, decrypter(), registry).orElseThrow();

    assertThatThrownBy(() -> push(registry, source, "wrong"))
        .isInstanceOf(RegistryAuthenticationException.class)
        .hasMessageContaining("Registry " + registry + " refused credential of user '" + TestServices.tlsUser() + "' from settings.xml <server> '" + registry + "'")
        .satisfies(e -> {
          for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(wrong);
          }
        });
    assertThat(logLines).noneMatch(l -> l != null && l.contains(wrong));
  }

  @Test
  void aPasswordThatCannotBeDecryptedSaysSo() throws Exception {
    Settings settings = settingsWith("reg.example", "me", "{not-base64-at-all}");

    assertThatThrownBy(() -> SettingsServerCredential.find(settings, decrypter(), "reg.example"))
        .isInstanceOf(CinemaException.class)
        .hasMessageContaining("Cannot decrypt the password of settings.xml <server> 'reg.example'");
  }

  @Test
  void aServerWithoutPasswordIsNamed() throws Exception {
    Settings settings = settingsWith("reg.example", "me", null);

    assertThatThrownBy(() -> SettingsServerCredential.find(settings, decrypter(), "reg.example"))
        .hasMessageContaining("settings.xml <server> 'reg.example' needs both <username> and <password>");
  }
}
