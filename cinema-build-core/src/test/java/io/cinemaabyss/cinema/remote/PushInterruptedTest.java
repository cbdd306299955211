package io.cinemaabyss.cinema.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cinemaabyss.cinema.BuildLog;
import io.cinemaabyss.cinema.assemble.BuildResult;
import io.cinemaabyss.cinema.oci.Platform;
import io.cinemaabyss.cinema.testing.Commands;
import io.cinemaabyss.cinema.testing.MoviesServiceImages;
import io.cinemaabyss.cinema.testing.OwnRegistry;
import io.cinemaabyss.cinema.testing.TestServices;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The registry dies part way through a push: the test starts its own registry, pushes a first
 * image, then kills the registry (by pid) once the first platform's blobs of a second image are in.
 * The tag still names the first image after a restart, and the error says what got in and what did not.
 */
class PushInterruptedTest {

  @Test
  void aRegistryStoppedMidPushLeavesTheTagWhereItWas() {
    TestServices.baseImage(); // the second image is built on it
    BuildResult first = MoviesServiceImages.scratch();
    BuildResult second = MoviesServiceImages.onBase();
    try (OwnRegistry registry = OwnRegistry.start()) {
      String repository = registry.address() + "/push-it/interrupted";
      var target = RegistryAccess.parse(repository + ":1.0");
      RegistryAccess access = new RegistryAccess(true, e -> {});
      new ImagePusher(access, RegistryCredentials.none(), BuildLog.NONE)
          .push(first.layout(), MoviesServiceImages.TAG, target, List.of("latest"));

      AtomicReference<Platform> killedAfter = new AtomicReference<>();
      PushListener killer = new PushListener() {
        @Override
        public void platformBlobsPushed(Platform platform) {
          if (killedAfter.compareAndSet(null, platform)) {
            registry.kill();
          }
        }
      };
      ImagePusher pusher = new ImagePusher(access, RegistryCredentials.none(), BuildLog.NONE).parallelism(1).listener(killer);

      assertThatThrownBy(() -> pusher.push(second.layout(), MoviesServiceImages.TAG, target, List.of("latest")))
          .isInstanceOf(PushFailedException.class)
          .hasMessageContaining("Push to " + repository + " failed while uploading linux/arm64")
          .hasMessageContaining("Cannot connect to registry " + registry.address())
          .hasMessageContaining("In the registry now: linux/amd64 all 3 of 3 blobs.")
          .hasMessageContaining("Not pushed: linux/arm64 3 of 3 blobs (")
          .hasMessageContaining("the manifests of linux/amd64, linux/arm64; the index " + second.index().digest() + "; the tags '1.0', 'latest'.")
          .hasMessageContaining("No tag was moved: '1.0', 'latest' still name what they named before");
      assertThat(killedAfter.get()).isEqualTo(Platform.of("linux", "amd64"));

      registry.restart();
      for (String tag : List.of("1.0", "latest")) {
        String raw = Commands.run("skopeo", "inspect", "--raw", "--tls-verify=false", "docker://" + repository + ":" + tag)
            .requireSuccess().output();
        assertThat(raw).as("tag " + tag).isEqualTo(new String(first.layout().readBlob(first.index().digest()), java.nio.charset.StandardCharsets.UTF_8));
      }
      Optional<io.cinemaabyss.cinema.oci.ImageContent> secondIndex = access.http(target, RegistryCredentials.none(), false).manifest(second.index().digest().toString());
      assertThat(secondIndex).as("the interrupted index is not in the registry").isEmpty();

      // once the registry is back, the same push completes, and only the missing blobs are sent
      PushResult resumed = new ImagePusher(access, RegistryCredentials.none(), BuildLog.NONE)
          .push(second.layout(), MoviesServiceImages.TAG, target, List.of("latest"));
      assertThat(resumed.previous()).contains(first.index().digest());
      assertThat(resumed.blobs().skipped()).isGreaterThanOrEqualTo(3);
      // arm64's config and busybox layer (its app layer came with the first image), and the six documents of the
      // SBOMs and provenance (the empty config came with the first image)
      assertThat(resumed.blobs().uploaded()).isEqualTo(2 + 6);
    }
  }
}
