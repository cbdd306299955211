package io.cinemaabyss.cinema.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;

/** The build goal as Maven configures it: parameters in, one library call, a layout out. */
@MojoTest
class BuildMojoTest {

  static final String OUT = "target/mojo-test";

  @Test
  @InjectMojo(goal = "build")
  @MojoParameter(name = "image", value = "example.test/hello:7.0")
  @MojoParameter(name = "platforms", value = "linux/arm64")
  @MojoParameter(name = "goModule", value = "src/test/resources/unit/hello")
  @MojoParameter(name = "outputDirectory", value = OUT + "/build/oci")
  @MojoParameter(name = "workDirectory", value = OUT + "/build/work")
  @MojoParameter(name = "user", value = "65532:65532")
  @MojoParameter(name = "format", value = "OCI")
  void buildsTheConfiguredPlatformIntoALayoutTaggedWithTheImageTag(BuildMojo mojo) throws Exception {
    mojo.execute();

    Path layout = Path.of(OUT, "build/oci");
    assertThat(Files.readString(layout.resolve("index.json"))).contains("\"org.opencontainers.image.ref.name\":\"7.0\"");
    assertThat(Files.readString(Path.of(OUT, "build/build.json"))).contains("\"platform\" : \"linux/arm64\"").doesNotContain("amd64");
    assertThat(new File(OUT, "build/work/bin/linux-arm64/hello")).isFile();
  }

  @Test
  @InjectMojo(goal = "build")
  @MojoParameter(name = "skip", value = "true")
  @MojoParameter(name = "outputDirectory", value = OUT + "/skipped/oci")
  @MojoParameter(name = "workDirectory", value = OUT + "/skipped/work")
  void skipBuildsNothing(BuildMojo mojo) throws Exception {
    mojo.execute();
    assertThat(Path.of(OUT, "skipped")).doesNotExist();
  }

  @Test
  @InjectMojo(goal = "build")
  @MojoParameter(name = "format", value = "tarball")
  @MojoParameter(name = "goModule", value = "src/test/resources/unit/hello")
  @MojoParameter(name = "outputDirectory", value = OUT + "/format/oci")
  @MojoParameter(name = "workDirectory", value = OUT + "/format/work")
  void anUnknownFormatFailsNamingTheValidOnes(BuildMojo mojo) {
    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("Unknown cinema.format 'tarball'")
        .hasMessageContaining("OCI")
        .hasMessageContaining("DOCKER");
  }
}
