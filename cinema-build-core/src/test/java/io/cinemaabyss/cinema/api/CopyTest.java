package io.cinemaabyss.cinema.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.oci.Platform;
import io.cinemaabyss.cinema.testing.MoviesServiceImages;
import io.cinemaabyss.cinema.testing.RegistryLog;
import io.cinemaabyss.cinema.testing.TestServices;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The front door's copy between the real registries and layouts, each way it supports. */
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
  void withinOneRegistryACopyMountsEveryBlobAndUploadsNone() {
    String registry = TestServices.registry();
    String run = UUID.randomUUID().toString().substring(0, 8);
    Connection plain = Connection.defaults().insecure(List.of(registry));
    Registry source = Registry.of(registry + "/copy-test/src-" + run + ":1.0").connection(plain);
    Copied pushed = Cinema.copy(Layout.at(MoviesServiceImages.scratch().layout().root()).tag(MoviesServiceImages.TAG), source).run();

    String target = "copy-test/dst-" + run;
    RegistryLog log = RegistryLog.mark(TestServices.registryLog());
    Copied copied = Cinema.copy(source, Registry.of(registry + "/" + target + ":2.0").connection(plain).alsoTag(List.of("latest"))).run();

    assertThat(copied.digest()).isEqualTo(pushed.digest());
    assertThat(copied.tags()).containsExactly("2.0", "latest");
    assertThat(copied.blobsUploaded()).isZero();
    assertThat(log.lines(target, RegistryLog.BLOB_UPLOADED)).as("blob uploads to " + target).isEmpty();
    assertThat(log.lines(target, RegistryLog.BLOB_MOUNTED)).as("blob mounts into " + target).isNotEmpty()
        .allMatch(line -> line.contains("src-" + run));
    Inspection inspected = Cinema.inspect(Registry.of(registry + "/" + target + ":latest").connection(plain)).run();
    assertThat(inspected.ok()).as(inspected.table()).isTrue();
    assertThat(inspected.digest()).isEqualTo(pushed.digest());
  }

  @Test
  void betweenTwoRegistriesTheBlobsStreamThroughAndTheIndexKeepsItsDigest() {
    String plainRegistry = TestServices.registry();
    String tlsRegistry = TestServices.tlsRegistry();
    String run = UUID.randomUUID().toString().substring(0, 8);
    Registry source = Registry.of(plainRegistry + "/copy-test/across-" + run + ":1.0").connection(Connection.defaults().insecure(List.of(plainRegistry)));
    Copied pushed = Cinema.copy(Layout.at(MoviesServiceImages.scratch().layout().root()).tag(MoviesServiceImages.TAG), source).run();

    Registry target = Registry.of(tlsRegistry + "/copy-test/across-" + run + ":1.0",
        Credentials.none().explicit("the test", TestServices.tlsUser(), TestServices.tlsPassword()))
        .connection(Connection.defaults().allowInsecure(true));
    RegistryLog log = RegistryLog.mark(TestServices.tlsRegistryLog());
    Copied copied = Cinema.copy(source, target).run();

    assertThat(copied.digest()).isEqualTo(pushed.digest());
    assertThat(copied.blobsUploaded()).isPositive();
    assertThat(log.lines("copy-test/across-" + run, RegistryLog.BLOB_UPLOADED)).hasSize(copied.blobsUploaded());
    Inspection inspected = Cinema.inspect(target).run();
    assertThat(inspected.ok()).as(inspected.table()).isTrue();
    assertThat(inspected.digest()).isEqualTo(pushed.digest());
    assertThat(Cinema.copy(source, target).run().blobsUploaded()).as("a second copy").isZero();
  }

  @Test
  void aSingleManifestBetweenRegistriesIsRefusedNamingTheWayRoundIt() {
    String registry = TestServices.registry();
    Connection plain = Connection.defaults().insecure(List.of(registry));
    String run = UUID.randomUUID().toString().substring(0, 8);
    Registry source = Registry.of(registry + "/copy-test/single-" + run + ":1.0").connection(plain);
    Cinema.copy(Layout.at(MoviesServiceImages.scratch().layout().root()).tag(MoviesServiceImages.TAG), source).run();
    String amd64 = MoviesServiceImages.scratch().images().get(0).manifest().digest().toString();

    assertThatThrownBy(() -> Cinema.copy(Registry.of(registry + "/copy-test/single-" + run + "@" + amd64).connection(plain),
        Registry.of(registry + "/copy-test/single-copy-" + run + ":1.0").connection(plain)).run())
        .isInstanceOf(CinemaException.class)
        .hasMessageContaining("not an image index")
        .hasMessageContaining("copy the index that names it");
  }

  @Test
  void aLayoutTargetNeedsATag() {
    Layout built = Layout.at(MoviesServiceImages.scratch().layout().root()).tag(MoviesServiceImages.TAG);
    assertThatThrownBy(() -> Cinema.copy(built, Layout.at(dir.resolve("untagged"))).run())
        .isInstanceOf(CinemaException.class)
        .hasMessageContaining("No tag for the OCI layout");
  }
}
