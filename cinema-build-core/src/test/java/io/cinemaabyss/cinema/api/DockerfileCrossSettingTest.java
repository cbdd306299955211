package io.cinemaabyss.cinema.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cinemaabyss.cinema.CinemaException;
import org.junit.jupiter.api.Test;

/** The dockerfileCross setting as the plugin and the CLI read it. */
class DockerfileCrossSettingTest {

  @Test
  void autoAndOffInAnyCaseAndAutoWhenUnset() {
    assertThat(DockerfileCross.parse("off", "cinema.dockerfileCross")).isEqualTo(DockerfileCross.OFF);
    assertThat(DockerfileCross.parse(" AUTO ", "cinema.dockerfileCross")).isEqualTo(DockerfileCross.AUTO);
    assertThat(DockerfileCross.parse(null, "cinema.dockerfileCross")).isEqualTo(DockerfileCross.AUTO);
  }

  @Test
  void anythingElseIsAnErrorNamingTheSettingAndTheChoices() {
    assertThatThrownBy(() -> DockerfileCross.parse("emulate", "cinema.dockerfileCross"))
        .isInstanceOf(CinemaException.class)
        .hasMessageContaining("Unknown cinema.dockerfileCross 'emulate'")
        .hasMessageContaining("use auto")
        .hasMessageContaining("or off");
  }
}
