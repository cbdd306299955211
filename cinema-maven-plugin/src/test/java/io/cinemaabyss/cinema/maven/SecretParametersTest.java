package io.cinemaabyss.cinema.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Maven's -X prints every mojo parameter with its value. No parameter of a cinema goal holds a
 * password or token: cinema.auth.password is read from the properties when the goal runs.
 */
class SecretParametersTest {

  @Test
  void noMojoParameterHoldsAPasswordOrToken() throws Exception {
    String descriptor;
    try (InputStream in = getClass().getResourceAsStream("/META-INF/maven/plugin.xml")) {
      descriptor = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<String> names = new ArrayList<>();
    Matcher m = Pattern.compile("<parameter>\\s*<name>([^<]+)</name>").matcher(descriptor);
    while (m.find()) {
      names.add(m.group(1));
    }
    assertThat(names).contains("authUsername", "auth")
        .noneMatch(n -> n.toLowerCase(Locale.ROOT).contains("password") || n.toLowerCase(Locale.ROOT).contains("token"));
    assertThat(descriptor).doesNotContain("${cinema.auth.password}");
  }

  @Test
  void theAuthObjectHidesItsPassword() {
    AbstractCinemaMojo.Auth auth = new AbstractCinemaMojo.Auth();
    auth.username = "alice";
    auth.passwordEnvironment = "REGISTRY_PASSWORD";
    auth.password = "s3cret-pw";
    assertThat(auth.toString()).contains("alice").doesNotContain("s3cret-pw");
  }
}
