package io.cinemaabyss.cinema.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PlatformTest {

  @ParameterizedTest
  @CsvSource({
    "linux/amd64, linux/amd64",
    "linux/arm64, linux/arm64",
    "linux/arm64/v8, linux/arm64",
    "linux/aarch64, linux/arm64",
    "linux/x86_64, linux/amd64",
    "LINUX/AMD64, linux/amd64",
    "linux/arm/v7, linux/arm/v7",
    "linux/arm, linux/arm/v7",
    "linux/arm/v6, linux/arm/v6",
    "linux/riscv64, linux/riscv64",
    "linux/s390x, linux/s390x",
    "linux/ppc64le, linux/ppc64le",
    "linux/386, linux/386"
  })
  void parsesAndNormalises(String input, String expected) {
    assertThat(Platform.parse(input).toString()).isEqualTo(expected);
  }

  @Test
  void arm64AndArm64v8AreTheSamePlatform() {
    assertThat(Platform.parse("linux/arm64/v8")).isEqualTo(Platform.parse("linux/arm64"));
    assertThat(new Platform("linux", "arm64", "v8")).isEqualTo(Platform.of("linux", "arm64"));
  }

  @Test
  void goEnvironmentOfArmVariants() {
    assertThat(Platform.parse("linux/arm/v6").goArm()).contains("6");
    assertThat(Platform.parse("linux/arm/v7").goArm()).contains("7");
    assertThat(Platform.parse("linux/arm64").goArm()).isEmpty();
    assertThat(Platform.parse("linux/amd64/v3").goAmd64()).contains("v3");
  }

  @ParameterizedTest
  @ValueSource(strings = {"linux/sparc", "windows/amd64", "amd64", "linux/arm64/v7", "linux/amd64/v9", "", "linux/arm/vx", "a/b/c/d"})
  void unknownPlatformIsAClearErrorListingValidOnes(String input) {
    assertThatThrownBy(() -> Platform.parse(input))
        .isInstanceOf(UnknownPlatformException.class)
        .hasMessageContaining("Unknown platform '" + input + "'")
        .hasMessageContaining("linux/amd64, linux/amd64/v2")
        .hasMessageContaining("linux/riscv64");
  }

  @Test
  void parseAllKeepsOrderAndDropsDuplicates() {
    assertThat(Platform.parseAll("linux/arm64, linux/amd64 linux/aarch64"))
        .containsExactly(Platform.parse("linux/arm64"), Platform.parse("linux/amd64"));
    assertThat(Platform.parseAll(List.of("linux/amd64"))).hasSize(1);
    assertThatThrownBy(() -> Platform.parseAll(" , ")).isInstanceOf(UnknownPlatformException.class);
  }

  @Test
  void slugIsAFileName() {
    assertThat(Platform.parse("linux/arm/v7").slug()).isEqualTo("linux-arm-v7");
  }
}
