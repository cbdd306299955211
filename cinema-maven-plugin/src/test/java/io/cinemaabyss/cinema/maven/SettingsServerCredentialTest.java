package io.cinemaabyss.cinema.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cinemaabyss.cinema.BuildLog;
import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.api.Cinema;
import io.cinemaabyss.cinema.api.Connection;
import io.cinemaabyss.cinema.api.Copied;
import io.cinemaabyss.cinema.api.Credentials;
import io.cinemaabyss.cinema.api.Layout;
import io.cinemaabyss.cinema.api.Registry;
import io.cinemaabyss.cinema.assemble.BuildResult;
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

  /** The credentials the plugin builds from a settings.xml server: that server's login, nothing else. */
  private Credentials fromSettings(Settings settings, SettingsDecrypter decrypter) {
    return Credentials.none().explicit(SettingsServerCredential::sourceName, registry -> SettingsServerCredential.login(settings, decrypter, registry));
  }

  private Copied push(String registry, Credentials credentials, String tag) {
    String target = registry + "/push-it/settings-" + UUID.randomUUID().toString().substring(0, 8) + ":" + tag;
    BuildLog log = new BuildLog() {
      @Override
      public void info(String message) {
        logLines.add(message);
      }

      @Override
      public void warn(String message) {
        logLines.add(message);
      }

      @Override
      public void debug(String message) {
        logLines.add(message);
      }
    };
    return Cinema.copy(Layout.at(MoviesServiceImages.scratch().layout().root()).tag(MoviesServiceImages.TAG),
        Registry.of(target, credentials).connection(Connection.defaults().allowInsecure(true))).log(log).run();
  }

  @Test
  void anEncryptedPasswordInSettingsPushesToTheRegistryOfThatId() throws Exception {
    String registry = TestServices.tlsRegistry();
    BuildResult build = MoviesServiceImages.scratch();
    String encrypted = new DefaultPlexusCipher().encryptAndDecorate(TestServices.tlsPassword(), MASTER);
    assertThat(encrypted).startsWith("{").doesNotContain(TestServices.tlsPassword());
    Settings settings = settingsWith(registry, TestServices.tlsUser(), encrypted);

    Copied result = push(registry, fromSettings(settings, decrypter()), "1.0");

    assertThat(result.digest()).isEqualTo(build.index().digest().toString());
    assertThat(logLines).anyMatch(l -> l.contains("from settings.xml <server> '" + registry + "'"));
    assertThat(logLines).noneMatch(l -> l != null && l.contains(TestServices.tlsPassword()));
    assertThat(SettingsServerCredential.login(settings, decrypter(), "ghcr.io")).as("only the server of that registry").isEmpty();
  }

  @Test
  void aWrongPasswordInSettingsIsRefusedNamingTheServerAndNotThePassword() throws Exception {
    String registry = TestServices.tlsRegistry();
    String wrong = "wrong-" + UUID.randomUUID();
    Settings settings = settingsWith(registry, TestServices.tlsUser(), new DefaultPlexusCipher().encryptAndDecorate(wrong, MASTER));
    assertThatThrownBy(() -> push(registry, fromSettings(settings, decrypter()), "wrong"))
        .isInstanceOf(CinemaException.class)
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

    assertThatThrownBy(() -> SettingsServerCredential.login(settings, decrypter(), "reg.example"))
        .isInstanceOf(CinemaException.class)
        .hasMessageContaining("Cannot decrypt the password of settings.xml <server> 'reg.example'");
  }

  @Test
  void aServerWithoutPasswordIsNamed() throws Exception {
    Settings settings = settingsWith("reg.example", "me", null);

    assertThatThrownBy(() -> SettingsServerCredential.login(settings, decrypter(), "reg.example"))
        .hasMessageContaining("settings.xml <server> 'reg.example' needs both <username> and <password>");
  }
}
