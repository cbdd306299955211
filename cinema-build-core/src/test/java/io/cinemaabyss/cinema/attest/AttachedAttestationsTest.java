package io.cinemaabyss.cinema.attest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cinemaabyss.cinema.api.Cinema;
import io.cinemaabyss.cinema.api.Connection;
import io.cinemaabyss.cinema.api.Layout;
import io.cinemaabyss.cinema.api.Registry;
import io.cinemaabyss.cinema.assemble.BuildResult;
import io.cinemaabyss.cinema.assemble.PlatformImage;
import io.cinemaabyss.cinema.json.Json;
import io.cinemaabyss.cinema.layout.OciLayout;
import io.cinemaabyss.cinema.oci.Descriptor;
import io.cinemaabyss.cinema.oci.Digest;
import io.cinemaabyss.cinema.oci.Index;
import io.cinemaabyss.cinema.oci.Manifest;
import io.cinemaabyss.cinema.oci.MediaType;
import io.cinemaabyss.cinema.testing.Commands;
import io.cinemaabyss.cinema.testing.LayoutFiles;
import io.cinemaabyss.cinema.testing.MoviesServiceImages;
import io.cinemaabyss.cinema.testing.RegistryLog;
import io.cinemaabyss.cinema.testing.TestServices;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given the movies service built into a layout, then each platform image has an SPDX SBOM, a
 * CycloneDX SBOM and a provenance statement attached the OCI 1.1 way: in the layout's index, and
 * after a push under the referrers tag of the real registry (distribution 2.8 has no referrers API).
 */
class AttachedAttestationsTest {

  static final Set<String> ARTIFACT_TYPES = Set.of(
      "application/spdx+json", "application/vnd.cyclonedx+json", "application/vnd.in-toto+json");

  @TempDir Path dir;

  @Test
  void eachPlatformManifestHasThreeArtifactsListedUntaggedInTheLayoutIndex() throws Exception {
    BuildResult built = MoviesServiceImages.scratch();
    OciLayout layout = built.layout();
    for (PlatformImage image : built.images()) {
      List<Descriptor> referrers = layout.referrers(image.manifest().digest());
      assertThat(referrers).extracting(Descriptor::artifactType).containsExactlyInAnyOrderElementsOf(ARTIFACT_TYPES);
      for (Descriptor referrer : referrers) {
        Descriptor entry = layout.entries().stream().filter(e -> e.digest().equals(referrer.digest())).findFirst().orElseThrow();
        assertThat(entry.annotations()).doesNotContainKey(OciLayout.REF_NAME);
        assertThat(entry.artifactType()).isEqualTo(referrer.artifactType());
        Manifest artifact = Manifest.parse(layout.readBlob(referrer.digest()), "artifact");
        assertThat(artifact.mediaType()).isEqualTo(MediaType.OCI_MANIFEST.value());
        assertThat(artifact.config().mediaType()).isEqualTo("application/vnd.oci.empty.v1+json");
        assertThat(new String(layout.readBlob(artifact.config().digest()), StandardCharsets.UTF_8)).isEqualTo("{}");
        assertThat(artifact.layers()).singleElement().extracting(Descriptor::mediaType).isEqualTo(referrer.artifactType());
        assertThat(artifact.subject().orElseThrow().digest()).isEqualTo(image.manifest().digest());
      }
    }
    // the layout's images are its tags (other tests may add some to this shared layout), never a referrer
    assertThat(layout.images()).allSatisfy(d -> assertThat(d.annotations()).containsKey(OciLayout.REF_NAME))
        .extracting(d -> d.annotations().get(OciLayout.REF_NAME)).contains(MoviesServiceImages.TAG);
  }

  @Test
  void theSpdxSbomNamesExactlyTheModulesOfTheBinaryInTheLayerAndTheProvenanceItsBuild() throws Exception {
    BuildResult built = MoviesServiceImages.scratch();
    OciLayout layout = built.layout();
    for (PlatformImage image : built.images()) {
      Path binary = LayoutFiles.extract(layout, MoviesServiceImages.TAG, image.platform(), "usr/local/bin/movies-service",
          dir.resolve(image.platform().slug())).orElseThrow();
      GoBuildInfo info = GoBuildInfo.read(Files.readAllBytes(binary)).orElseThrow();
      JsonNode spdx = document(layout, image, "application/spdx+json");
      assertThat(SpdxDocument.modules(spdx)).isEqualTo(GoModules.of(info));
      assertThat(spdx.path("creationInfo").path("created").asText()).isNotEmpty();
      JsonNode provenance = document(layout, image, "application/vnd.in-toto+json");
      assertThat(provenance.path("subject").path(0).path("digest").path("sha256").asText()).isEqualTo(image.manifest().digest().hex());
      JsonNode parameters = provenance.path("predicate").path("buildDefinition").path("externalParameters");
      assertThat(parameters.path("platforms").toString()).contains("linux/amd64", "linux/arm64");
      assertThat(parameters.path("goVersion").asText()).isEqualTo(info.goVersion());
      JsonNode cyclonedx = document(layout, image, "application/vnd.cyclonedx+json");
      assertThat(cyclonedx.path("bomFormat").asText()).isEqualTo("CycloneDX");
    }
  }

  @Test
  void umociGcKeepsTheArtifactsAndSkopeoStillReadsTheTag() throws Exception {
    Path copy = dir.resolve("gc");
    Commands.run("cp", "-a", MoviesServiceImages.scratch().layout().root().toString(), copy.toString()).requireSuccess();
    Commands.run("umoci", "gc", "--layout", copy.toString()).requireSuccess();
    OciLayout layout = OciLayout.open(copy);
    for (PlatformImage image : MoviesServiceImages.scratch().images()) {
      for (Descriptor referrer : layout.referrers(image.manifest().digest())) {
        Manifest artifact = Manifest.parse(layout.readBlob(referrer.digest()), "artifact");
        artifact.blobs().forEach(b -> assertThat(layout.hasBlob(b.digest())).isTrue());
      }
      assertThat(layout.referrers(image.manifest().digest())).hasSize(3);
    }
    String raw = Commands.run("skopeo", "inspect", "--raw", "oci:" + copy + ":" + MoviesServiceImages.TAG).requireSuccess().output();
    assertThat(Digest.of(raw.strip().getBytes(StandardCharsets.UTF_8))).isEqualTo(MoviesServiceImages.scratch().index().digest());
  }

  @Test
  void aPushListsTheArtifactsUnderTheReferrersTagKeepsOtherToolsReferrersAndARePushUploadsNothing() throws Exception {
    String registry = TestServices.registry();
    String repository = "s12-attest/movies-" + UUID.randomUUID().toString().substring(0, 8);
    BuildResult built = MoviesServiceImages.scratch();
    Registry target = Registry.of(registry + "/" + repository + ":1.0").connection(Connection.defaults().insecure(List.of(registry)));
    Layout source = Layout.at(built.layout().root()).tag(MoviesServiceImages.TAG);

    // another tool's referrer of the amd64 manifest, listed under its referrers tag before our push
    PlatformImage amd64 = built.images().get(0);
    String base = "http://" + registry + "/v2/" + repository;
    uploadBlob(base, Manifest.EMPTY_CONFIG);
    byte[] signature = "a signature".getBytes(StandardCharsets.UTF_8);
    uploadBlob(base, signature);
    Descriptor subject = new Descriptor(amd64.manifest().mediaType(), amd64.manifest().digest(), amd64.manifest().size());
    Manifest signatureManifest = Manifest.artifact("application/vnd.dev.cosign.artifact.sig.v1+json",
        List.of(new Descriptor("application/octet-stream", Digest.of(signature), signature.length)), subject, Map.of());
    put(base + "/manifests/" + signatureManifest.digest(), MediaType.OCI_MANIFEST.value(), signatureManifest.bytes());
    Descriptor other = signatureManifest.referrerDescriptor();
    put(base + "/manifests/sha256-" + amd64.manifest().digest().hex(), MediaType.OCI_INDEX.value(),
        Index.of(MediaType.OCI_INDEX, List.of(other), Map.of()).bytes());

    Cinema.copy(source, target).run();

    for (PlatformImage image : built.images()) {
      String tag = "sha256-" + image.manifest().digest().hex();
      String raw = Commands.run("skopeo", "inspect", "--tls-verify=false", "--raw", "docker://" + registry + "/" + repository + ":" + tag)
          .requireSuccess().output();
      Index referrers = Index.parse(raw.strip().getBytes(StandardCharsets.UTF_8), "referrers of " + image.platform());
      List<String> types = referrers.manifests().stream().map(Descriptor::artifactType).collect(Collectors.toCollection(ArrayList::new));
      if (image == amd64) {
        assertThat(types).startsWith("application/vnd.dev.cosign.artifact.sig.v1+json");
        types.remove(0);
      }
      assertThat(types).containsExactlyInAnyOrderElementsOf(ARTIFACT_TYPES);
      assertThat(referrers.manifests()).allSatisfy(d -> assertThat(d.annotations()).isNotNull());
      for (Descriptor d : referrers.manifests()) {
        if (!d.equals(other)) {
          assertThat(d.annotations()).containsKey(ImageAttestations.CREATED);
          String artifact = Commands.run("skopeo", "inspect", "--tls-verify=false", "--raw",
              "docker://" + registry + "/" + repository + "@" + d.digest()).requireSuccess().output();
          assertThat(Json.parse(artifact.getBytes(StandardCharsets.UTF_8), "artifact").path("subject").path("digest").asText())
              .isEqualTo(image.manifest().digest().toString());
        }
      }
    }

    RegistryLog log = RegistryLog.mark(TestServices.registryLog());
    Cinema.copy(source, target).run();
    assertThat(log.lines(repository, RegistryLog.BLOB_UPLOADED)).isEmpty();
    assertThat(log.lines(repository, java.util.regex.Pattern.compile("\"PUT /v2/[^ ]*/manifests/sha256-"))).isEmpty();
  }

  private void uploadBlob(String base, byte[] content) throws Exception {
    String headers = Commands.run("curl", "-sfi", "-X", "POST", base + "/blobs/uploads/").requireSuccess().output();
    String location = headers.lines().filter(l -> l.toLowerCase(java.util.Locale.ROOT).startsWith("location:"))
        .findFirst().orElseThrow().substring("location:".length()).strip();
    String url = (location.startsWith("http") ? location : "http://" + TestServices.registry() + location)
        + (location.contains("?") ? "&" : "?") + "digest=" + Digest.of(content);
    Path file = Files.write(dir.resolve("blob-" + Digest.of(content).hex()), content);
    Commands.run("curl", "-sf", "-X", "PUT", "-H", "Content-Type: application/octet-stream", "--data-binary", "@" + file, url)
        .requireSuccess();
  }

  private void put(String url, String mediaType, byte[] content) throws Exception {
    Path file = Files.write(dir.resolve("put-" + Digest.of(content).hex()), content);
    Commands.run("curl", "-sf", "-X", "PUT", "-H", "Content-Type: " + mediaType, "--data-binary", "@" + file, url).requireSuccess();
  }

  private static JsonNode document(OciLayout layout, PlatformImage image, String artifactType) {
    Descriptor referrer = layout.referrers(image.manifest().digest()).stream()
        .filter(d -> d.artifactType().equals(artifactType)).findFirst().orElseThrow();
    Manifest artifact = Manifest.parse(layout.readBlob(referrer.digest()), "artifact");
    return Json.parse(layout.readBlob(artifact.layers().get(0).digest()), artifactType);
  }
}
