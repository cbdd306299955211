package io.cinemaabyss.cinema.maven;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;

/** The index goal's parameters: what it refuses before it talks to any registry. */
@MojoTest
class IndexMojoTest {

  @Test
  @InjectMojo(goal = "index")
  @MojoParameter(name = "image", value = "127.0.0.1:5000/push-it/joined:1.0")
  @MojoParameter(name = "sources", value = " ")
  void noSourcesIsNamed(IndexMojo mojo) {
    assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class).hasMessageContaining("No source images: list them in cinema.sources");
  }

  @Test
  @InjectMojo(goal = "index")
  @MojoParameter(name = "image", value = "127.0.0.1:5000/push-it/joined:1.0")
  @MojoParameter(name = "sources", value = "127.0.0.1:5000/push-it/a:1,127.0.0.1:5000/push-it/b:1")
  @MojoParameter(name = "platforms", value = "linux/amd64,windows/amd64")
  void anUnknownDeclaredPlatformIsNamed(IndexMojo mojo) {
    assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class).hasMessageContaining("windows/amd64");
  }

  @Test
  @InjectMojo(goal = "index")
  @MojoParameter(name = "image", value = "127.0.0.1:5000/push-it/joined:1.0")
  @MojoParameter(name = "sources", value = "127.0.0.1:5000/push-it/a:1")
  @MojoParameter(name = "format", value = "tarball")
  void anUnknownFormatIsNamed(IndexMojo mojo) {
    assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class).hasMessageContaining("Unknown cinema.format 'tarball'");
  }
}
