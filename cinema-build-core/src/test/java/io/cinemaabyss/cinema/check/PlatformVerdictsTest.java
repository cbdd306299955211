package io.cinemaabyss.cinema.check;

import io.cinemaabyss.cinema.layout.LayoutStore;
import static io.cinemaabyss.cinema.check.SyntheticLayers.ARM64;
import static org.assertj.core.api.Assertions.assertThat;

import io.cinemaabyss.cinema.check.TestImageWriter.Config;
import io.cinemaabyss.cinema.layout.OciLayout;
import io.cinemaabyss.cinema.oci.Descriptor;
import io.cinemaabyss.cinema.oci.Platform;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An index entry whose platform is not the one its config names. */
class PlatformVerdictsTest {

  @TempDir Path dir;

  @Test
  void anIndexEntryListedAsAmd64WhoseConfigSaysArm64FailsNamingBoth() {
    TestImageWriter images = new TestImageWriter(OciLayout.create(dir), false);
    byte[] layer = new SyntheticLayers.Tar(true).dir("app").file("app/server", ARM64).bytes();
    Descriptor arm = images.image(Config.of("linux/arm64", List.of("/app/server")), layer);
    images.index("mislabelled", TestImageWriter.entry(arm, "linux/amd64"));

    VerificationResult result = ImageVerifier.of(LayoutStore.open(dir, "mislabelled"))
        .require(Platform.parseAll("linux/amd64"), "configured platforms")
        .verify();

    PlatformReport p = result.report().platforms().get(0);
    assertThat(p.platformText()).isEqualTo("linux/amd64");
    assertThat(p.failures()).singleElement().satisfies(v -> {
      assertThat(v.check()).isEqualTo(Verdict.Check.PLATFORM);
      assertThat(v.message())
          .contains("the index lists this image as linux/amd64 but its config says linux/arm64")
          .contains("it would fail with exec format error on amd64 nodes");
    });
    // the binary matches the config, so that is the only problem
    assertThat(result.problems()).hasSize(1);
  }

  @Test
  void variantsAgreeWhenOnlyOneSideGivesOneOrWhenArm64SaysV8() {
    assertThat(PlatformText.agree("linux/arm64/v8", "linux/arm64")).isTrue();
    assertThat(PlatformText.agree("linux/arm64", "linux/aarch64")).isTrue();
    assertThat(PlatformText.agree("linux/arm/v7", "linux/arm")).isTrue();
    assertThat(PlatformText.agree("linux/arm/v7", "linux/arm/v6")).isFalse();
    assertThat(PlatformText.agree("linux/amd64", "linux/arm64")).isFalse();
    assertThat(PlatformText.agree("linux/amd64", "windows/amd64")).isFalse();
  }
}
