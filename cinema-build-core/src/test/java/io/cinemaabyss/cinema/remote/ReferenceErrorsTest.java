package io.cinemaabyss.cinema.remote;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cinemaabyss.cinema.CinemaException;
import org.junit.jupiter.api.Test;

/** Given a reference a registry would refuse, the error says what is wrong with it. */
class ReferenceErrorsTest {

  @Test
  void anUppercaseRepositorySaysItMustBeLowercase() {
    assertThatThrownBy(() -> RegistryAccess.parse("ghcr.io/Owner/Movies:1.0"))
        .isInstanceOf(CinemaException.class)
        .hasMessageContaining("repository names must be lowercase ('Owner/Movies' has capitals; use 'owner/movies')");
    assertThatThrownBy(() -> RegistryAccess.parse("127.0.0.1:5000/Movies"))
        .hasMessageContaining("repository names must be lowercase");
  }

  @Test
  void aReferenceWithASpaceSaysSo() {
    assertThatThrownBy(() -> RegistryAccess.parse("ghcr.io/owner/mo vies:1"))
        .hasMessageContaining("it contains a space");
  }
}
