package io.cinemaabyss.cinema.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.cinemaabyss.cinema.api.Cinema;
import io.cinemaabyss.cinema.api.Connection;
import io.cinemaabyss.cinema.api.Inspection;
import io.cinemaabyss.cinema.api.Layout;
import io.cinemaabyss.cinema.api.Registry;
import io.cinemaabyss.cinema.api.Verification;
import io.cinemaabyss.cinema.assemble.BuildResult;
import io.cinemaabyss.cinema.json.Json;
import io.cinemaabyss.cinema.layout.LayoutStore;
import io.cinemaabyss.cinema.layout.OciLayout;
import io.cinemaabyss.cinema.oci.Descriptor;
import io.cinemaabyss.cinema.oci.Index;
import io.cinemaabyss.cinema.oci.Manifest;
import io.cinemaabyss.cinema.oci.MediaType;
import io.cinemaabyss.cinema.testing.Commands;
import io.cinemaabyss.cinema.testing.MoviesServiceImages;
import io.cinemaabyss.cinema.testing.TestServices;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given the movies service built with its SBOMs and provenance, when inspected and verified, then
 * each platform lists its attached artifacts and passes the sbom and provenance checks, from the
 * layout and from the registry it was pushed to; and when its binary is swapped after the SBOM was
 * made, verify fails naming the modules that differ.
 */
class SupplyChainVerifyTest {

  static final String TAG = MoviesServiceImages.TAG;

  @TempDir Path dir;

  @Test
  void inspectListsEachPlatformsArtifactsInTheTableAndTheJson() {
    BuildResult built = MoviesServiceImages.scratch();
    Inspection inspected = Cinema.inspect(Layout.at(built.layout().root()).tag(TAG)).run();
    for (var image : built.images()) {
      for (Descriptor referrer : built.layout().referrers(image.manifest().digest())) {
        assertThat(inspected.table()).contains(image.platform() + ": attached " + referrer.artifactType() + " " + referrer.digest());
      }
    }
    var json = Json.parse(inspected.toJson().getBytes(), "inspect JSON");
    for (var platform : json.path("platforms")) {
      List<String> types = new ArrayList<>();
      platform.path("referrers").forEach(r -> types.add(r.path("artifactType").asText()));
      assertThat(types).containsExactlyInAnyOrder("application/spdx+json", "application/vnd.cyclonedx+json", "application/vnd.in-toto+json");
    }
    assertThat(inspected.ok()).isTrue();
  }

  @Test
  void theBuiltLayoutAndItsPushedImagePassTheSbomAndProvenanceChecks() {
    BuildResult built = MoviesServiceImages.scratch();
    Layout layout = Layout.at(built.layout().root()).tag(TAG);
    Verification local = Cinema.verify(layout).run();
    assertThat(local.ok()).as(local.summary()).isTrue();
    assertThat(local.toJson()).contains("\"check\" : \"sbom\"", "\"check\" : \"provenance\"", "SBOMs name exactly the 1 modules of /usr/local/bin/movies-service");

    String registry = TestServices.registry();
    Registry pushed = Registry.of(registry + "/s12-verify/movies-" + UUID.randomUUID().toString().substring(0, 8) + ":1.0")
        .connection(Connection.defaults().insecure(List.of(registry)));
    Cinema.copy(layout, pushed).run();
    Verification remote = Cinema.verify(pushed).run();
    assertThat(remote.ok()).as(remote.summary()).isTrue();
    assertThat(remote.toJson()).contains("\"check\" : \"sbom\"", "provenance sha256:");
  }

  @Test
  void anImageWithoutAttestationsFailsNamingWhatIsMissingUnlessTheCheckIsOff() throws Exception {
    Path copy = dir.resolve("bare");
    Commands.run("cp", "-a", MoviesServiceImages.scratch().layout().root().toString(), copy.toString()).requireSuccess();
    OciLayout layout = OciLayout.open(copy);
    Index index = Index.parse(layout.readBlob(layout.resolve(TAG).orElseThrow().digest()), "index");
    layout.tagIndex(TAG, index.descriptor(), index.manifests(), List.of());

    Verification verified = Cinema.verify(Layout.at(copy).tag(TAG)).run();
    assertThat(verified.ok()).isFalse();
    assertThat(verified.problems()).anySatisfy(p -> assertThat(p).startsWith("linux/amd64: no SBOM is attached"));
    assertThat(verified.problems()).anySatisfy(p -> assertThat(p).startsWith("linux/arm64: no provenance is attached"));
    assertThat(Cinema.verify(Layout.at(copy).tag(TAG)).attestations(false).run().ok()).isTrue();
  }

  @Test
  void aBinarySwappedAfterTheSbomWasMadeFailsNamingTheModulesThatDiffer() throws Exception {
    Path copy = dir.resolve("swapped");
    Commands.run("cp", "-a", MoviesServiceImages.scratch().layout().root().toString(), copy.toString()).requireSuccess();
    OciLayout layout = OciLayout.open(copy);
    ImageReport report = ImageInspector.of(new LayoutStore(layout, TAG)).inspect();
    PlatformReport amd64 = report.platforms().get(0);
    FileLocation binary = amd64.entrypoint().orElseThrow().location().orElseThrow();

    // another Go program's binary in the place of the service's, digests fixed up all the way to the tag,
    // and the SBOMs and provenance re-pointed at the new manifest: only the modules tell
    byte[] layer = new SyntheticLayers.Tar(false).file(binary.entryName(), TinyProgram.binary("amd64"), 0755).bytes();
    Descriptor swappedLayer = layout.writeBlob(MediaType.OCI_LAYER.value(), layer);
    Manifest old = Manifest.parse(layout.readBlob(amd64.manifest().digest()), "amd64 manifest");
    List<Descriptor> layers = new ArrayList<>(old.layers());
    layers.set(binary.layer() - 1, swappedLayer);
    Manifest swapped = Manifest.of(old.mediaType(), old.config(), layers, old.annotations());
    Descriptor swappedEntry = layout.write(swapped).withPlatform(amd64.platform().orElseThrow());
    Index index = Index.parse(layout.readBlob(layout.resolve(TAG).orElseThrow().digest()), "index");
    List<Descriptor> entries = new ArrayList<>(index.manifests());
    entries.set(0, swappedEntry);
    Index swappedIndex = index.withManifests(entries);
    layout.write(swappedIndex);
    List<Descriptor> referrers = new ArrayList<>();
    for (Descriptor referrer : layout.referrers(amd64.manifest().digest())) {
      Manifest artifact = Manifest.parse(layout.readBlob(referrer.digest()), "artifact");
      Manifest moved = Manifest.artifact(artifact.artifactType(), artifact.layers(), swappedEntry, artifact.annotations());
      layout.write(moved);
      referrers.add(moved.referrerDescriptor());
    }
    referrers.addAll(layout.referrers(report.platforms().get(1).manifest().digest()));
    layout.tagIndex(TAG, swappedIndex.descriptor(), swappedIndex.manifests(), referrers);

    Verification verified = Cinema.verify(Layout.at(copy).tag(TAG)).run();
    assertThat(verified.ok()).isFalse();
    assertThat(verified.problems()).anySatisfy(p -> assertThat(p)
        .startsWith("linux/amd64: the SBOM (SPDX 2.3) ")
        .contains("the SBOM names example.com/movies-service, which the binary does not contain")
        .contains("the binary contains example.com/tiny, which the SBOM does not name")
        .contains("The binary was changed after the SBOM was made"));
    assertThat(verified.problems()).noneMatch(p -> p.startsWith("linux/arm64"));
  }
}
