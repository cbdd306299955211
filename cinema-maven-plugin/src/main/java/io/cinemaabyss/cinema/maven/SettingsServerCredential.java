package io.cinemaabyss.cinema.maven;

import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.api.Credentials;
import java.util.Optional;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/**
 * The settings.xml {@code <server>} whose id is a registry host (as Jib reads it), as a credential
 * source, its password decrypted with Maven's SettingsDecrypter ({@code settings-security.xml}).
 */
final class SettingsServerCredential {

  private SettingsServerCredential() {}

  static String sourceName(String registry) {
    return "settings.xml <server> '" + registry + "'";
  }

  /** The decrypted username and password of the server whose id is {@code registry}. */
  static Optional<Credentials.Login> login(Settings settings, SettingsDecrypter decrypter, String registry) {
    if (settings == null) {
      return Optional.empty();
    }
    Server server = settings.getServer(registry);
    if (server == null) {
      return Optional.empty();
    }
    SettingsDecryptionResult result = decrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
    for (SettingsProblem problem : result.getProblems()) {
      if (problem.getSeverity() != SettingsProblem.Severity.WARNING) {
        throw new CinemaException(
            "Cannot decrypt the password of settings.xml <server> '" + registry + "': " + problem.getMessage()
                + ". Check ~/.m2/settings-security.xml or store the password unencrypted.");
      }
    }
    Server decrypted = result.getServer();
    if (decrypted.getUsername() == null || decrypted.getPassword() == null) {
      throw new CinemaException(
          "settings.xml <server> '" + registry + "' needs both <username> and <password> (a token counts as a password).");
    }
    return Optional.of(new Credentials.Login(decrypted.getUsername(), decrypted.getPassword()));
  }
}
