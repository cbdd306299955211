package io.cinemaabyss.cinema.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigFileTest {

  private static final String CONFIG = """
      { "architecture": "arm", "os": "linux", "variant": "v6", "created": "1970-01-01T00:00:00Z",
        "config": { "Entrypoint": ["/app"], "Cmd": "serve", "Env": ["PATH=/bin::/x", "A=b=c"], "User": "65532",
                    "WorkingDir": "/w", "Labels": {"l": "v"} },
        "rootfs": { "type": "layers", "diff_ids": ["%s"] } }
      """.formatted(Digest.of(new byte[0]));

  @Test
  void readsWhatAConfigSaysAndKeepsItsBytes() {
    byte[] bytes = CONFIG.getBytes(StandardCharsets.UTF_8);
    ConfigFile config = ConfigFile.parse(bytes, "config");
    assertThat(config.bytes()).isEqualTo(bytes);
    assertThat(config.digest()).isEqualTo(Digest.of(bytes));
    assertThat(config.platform()).contains(Platform.parse("linux/arm/v6"));
    assertThat(config.platformText()).isEqualTo("linux/arm/v6");
    assertThat(config.command()).containsExactly("/app", "serve");
    assertThat(config.envValue("A")).contains("b=c");
    assertThat(config.path()).containsExactly("/bin", ".", "/x");
    assertThat(config.user()).isEqualTo("65532");
    assertThat(config.workingDir()).isEqualTo("/w");
    assertThat(config.labels()).containsEntry("l", "v");
    assertThat(config.diffIds()).containsExactly(Digest.of(new byte[0]));
  }

  @Test
  void aNewConfigIsCanonicalAndChangingThePlatformKeepsTheRest() {
    ConfigFile config = ConfigFile.of(Platform.parse("linux/arm64"), "1970-01-01T00:00:00Z",
        List.of(Digest.of(new byte[0])), "cinema", List.of("PATH=/bin"), "65532");
    assertThat(config.user()).isEqualTo("65532");
    assertThat(ConfigFile.parse(config.bytes(), "again").bytes()).isEqualTo(config.bytes());
    assertThat(config.platform()).contains(Platform.parse("linux/arm64"));
    assertThat(config.path()).containsExactly("/bin");
    ConfigFile moved = ConfigFile.parse(CONFIG.getBytes(StandardCharsets.UTF_8), "c").withPlatform(Platform.parse("linux/amd64"));
    assertThat(moved.platformText()).isEqualTo("linux/amd64");
    assertThat(moved.command()).containsExactly("/app", "serve");
  }

  @Test
  void aConfigWithoutAPlatformSaysSoAndBadBytesAreRefused() {
    ConfigFile none = ConfigFile.parse("{}".getBytes(StandardCharsets.UTF_8), "c");
    assertThat(none.platform()).isEmpty();
    assertThat(none.path()).contains("/usr/bin");
    assertThatThrownBy(() -> ConfigFile.parse("{".getBytes(StandardCharsets.UTF_8), "The config of X"))
        .isInstanceOf(InvalidContentException.class).hasMessageStartingWith("The config of X is not valid JSON");
  }
}
