package io.cinemaabyss.cinema.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.oci.Platform;
import io.cinemaabyss.cinema.testing.MoviesServiceImages;
import io.cinemaabyss.cinema.testing.TestServices;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The front door's copy between the real registry and layouts, each way it supports. */
class CopyTest {

  @TempDir Path dir;

  @Test
  void aPushedImageCopiesBackIntoALayoutByteForByteAndASecondCopyWritesNothing() {
    String registry = TestServices.registry();
    Layout built = Layout.at(MoviesServiceImages.scratch().layout().root()).tag(MoviesServiceImages.TAG);
    Registry pushed = Registry.of(registry + "/copy-test/movies:1.0").connection(Connection.defaults().insecure(List.of(registry)));
    Copied push = Cinema.copy(built, pushed).run();

    Layout pulled = Layout.at(dir.resolve("pulled")).tag("from-registry");
    Copied pull = Cinema.copy(pushed, pulled).run();
    assertThat(pull.digest()).isEqualTo(push.digest());
    assertThat(pull.blobsUploaded()).isPositive();
    assertThat(pull.tags()).containsExactly("from-registry");
    assertThat(pull.pinned()).isEqualTo("oci:" + dir.resolve("pulled") + ":" + push.digest());
    assertThat(pull.summary().platforms()).containsExactly(Platform.parse("linux/amd64"), Platform.parse("linux/arm64"));
    Inspection inspected = Cinema.inspect(pulled).run();
    assertThat(inspected.ok()).as(inspected.table()).isTrue();
    assertThat(inspected.digest()).isEqualTo(push.digest());

    Copied again = Cinema.copy(pushed, pulled.tag("again")).run();
    assertThat(again.blobsUploaded()).isZero();
    assertThat(again.digest()).isEqualTo(push.digest());

    Copied layoutToLayout = Cinema.copy(built, Layout.at(dir.resolve("second")).tag("copy")).run();
    assertThat(layoutToLayout.digest()).isEqualTo(push.digest());
    assertThat(layoutToLayout.toJson()).contains("\"blobsWritten\"", "\"source\"");
  }

  @Test
  void aRegistryToRegistryCopyIsRefusedNamingTheWayRoundIt() {
    Registry a = Registry.of("127.0.0.1:5000/a:1");
    Registry b = Registry.of("127.0.0.1:5000/b:1");
    assertThatThrownBy(() -> Cinema.copy(a, b).run())
        .isInstanceOf(CinemaException.class)
        .hasMessageContaining("copy it into an OCI layout first");
  }

  @Test
  void aLayoutTargetNeedsATag() {
    Layout built = Layout.at(MoviesServiceImages.scratch().layout().root()).tag(MoviesServiceImages.TAG);
    assertThatThrownBy(() -> Cinema.copy(built, Layout.at(dir.resolve("untagged"))).run())
        .isInstanceOf(CinemaException.class)
        .hasMessageContaining("No tag for the OCI layout");
  }
}
