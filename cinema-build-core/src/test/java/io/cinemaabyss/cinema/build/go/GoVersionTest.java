package io.cinemaabyss.cinema.build.go;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GoVersionTest {

  static GoVersion v(String text) {
    return GoVersion.parse(text).orElseThrow();
  }

  @Test
  void versionsOfGoModAndGoEnvCompareAsReleases() {
    assertThat(v("1.23.7")).isGreaterThan(v("go1.19.8"));
    assertThat(v("1.21")).isEqualTo(v("1.21.0"));
    assertThat(v("1.21rc2")).isLessThan(v("1.21.0")).isGreaterThan(v("1.21beta1"));
    assertThat(v("go1.22.1 X:nocoverageredesign")).isEqualTo(v("1.22.1"));
    assertThat(GoVersion.parse("devel +abc")).isEmpty();
    assertThat(v("go1.19.8").switchesToolchains()).isFalse();
    assertThat(v("go1.21.0").switchesToolchains()).isTrue();
  }
}
