package io.cinemaabyss.cinema.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.maven.plugins.annotations.Parameter;
import org.junit.jupiter.api.Test;

/**
 * Maven's -X prints every mojo parameter with its value. No parameter of a cinema goal holds a
 * password or token: cinema.auth.password is read from the properties when the goal runs.
 */
class SecretParametersTest {

  @Test
  void noMojoParameterHoldsAPasswordOrToken() {
    List<String> parameters = new ArrayList<>();
    for (Class<?> type = PushMojo.class; type != Object.class; type = type.getSuperclass()) {
      for (Field field : type.getDeclaredFields()) {
        if (field.isAnnotationPresent(Parameter.class)) {
          parameters.add(field.getName() + " " + field.getAnnotation(Parameter.class).property());
        }
      }
    }
    assertThat(parameters).contains("authUsername cinema.auth.username")
        .noneMatch(p -> p.toLowerCase(Locale.ROOT).contains("password") || p.toLowerCase(Locale.ROOT).contains("token"));
  }

  @Test
  void theAuthObjectHidesItsPassword() {
    AbstractCinemaMojo.Auth auth = new AbstractCinemaMojo.Auth();
    auth.username = "alice";
    auth.password = "s3cret-pw";
    assertThat(auth.toString()).contains("alice").doesNotContain("s3cret-pw");
  }
}
