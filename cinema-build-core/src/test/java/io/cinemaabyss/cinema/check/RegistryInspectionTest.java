package io.cinemaabyss.cinema.check;

import io.cinemaabyss.cinema.remote.RegistryStore;
import io.cinemaabyss.cinema.store.ImageSource;
import io.cinemaabyss.cinema.testing.RawJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cinemaabyss.cinema.assemble.ContainerSpec;
import io.cinemaabyss.cinema.assemble.GoImageBuild;
import io.cinemaabyss.cinema.check.TestImageWriter.Config;
import io.cinemaabyss.cinema.layout.OciLayout;
import io.cinemaabyss.cinema.oci.Descriptor;
import io.cinemaabyss.cinema.oci.MediaType;
import io.cinemaabyss.cinema.oci.Platform;
import io.cinemaabyss.cinema.remote.RegistryAccess;
import io.cinemaabyss.cinema.remote.RegistryCredentials;
import io.cinemaabyss.cinema.testing.Commands;
import io.cinemaabyss.cinema.testing.TestServices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Images built wrong on purpose, pushed to the real registry with skopeo (an independent client),
 * then inspected and verified from there.
 */
class RegistryInspectionTest {

  static final List<String> TINY = List.of("/usr/local/bin/tiny");
  static final List<Platform> BOTH = Platform.parseAll("linux/amd64,linux/arm64");

  @TempDir static Path work;

  static String arm64Only;
  static String wrongBinary;
  static String single;
  static String dockerList;
  static String attested;
  static String arm64V8;
  static String shellForm;
  static String whiteout;
  static String nested;
  static Descriptor attestedAmd64;

  @BeforeAll
  static void pushImages() {
    TestServices.registry();
    TestImageWriter oci = new TestImageWriter(OciLayout.create(work.resolve("oci")), false);
    Path layout = oci.layout().root();

    Descriptor arm = oci.image(Config.of("linux/arm64", TINY), TinyProgram.appLayer("arm64"));
    Descriptor amd = oci.image(Config.of("linux/amd64", TINY), TinyProgram.appLayer("amd64"));
    Descriptor amdCarryingArm = oci.image(Config.of("linux/amd64", TINY), TinyProgram.appLayer("arm64"));

    oci.index("arm64-only", TestImageWriter.entry(arm, "linux/arm64"));
    arm64Only = TinyProgram.push(layout, "arm64-only", "arm64-only");

    oci.index("wrong-binary", TestImageWriter.entry(amdCarryingArm, "linux/amd64"), TestImageWriter.entry(arm, "linux/arm64"));
    wrongBinary = TinyProgram.push(layout, "wrong-binary", "wrong-binary");

    oci.layout().tag("single", amd);
    single = TinyProgram.push(layout, "single", "single");

    attestedAmd64 = amd;
    oci.index("attested",
        TestImageWriter.entry(amd, "linux/amd64"), TestImageWriter.entry(arm, "linux/arm64"),
        oci.attestationFor(amd), oci.attestationFor(arm));
    attested = TinyProgram.push(layout, "attested", "attested");

    Descriptor armV8 = oci.image(Config.of("linux/arm64/v8", TINY), TinyProgram.appLayer("arm64"));
    oci.index("arm64-v8", TestImageWriter.entry(amd, "linux/amd64"), TestImageWriter.entry(armV8, "linux/arm64/v8"));
    arm64V8 = TinyProgram.push(layout, "arm64-v8", "arm64-v8");

    byte[] deleteTiny = new SyntheticLayers.Tar(true)
        .dir("usr").dir("usr/local").dir("usr/local/bin").file("usr/local/bin/.wh.tiny", new byte[0]).bytes();
    Descriptor deleted = oci.image(Config.of("linux/amd64", TINY), TinyProgram.appLayer("amd64"), deleteTiny);
    oci.index("whiteout", TestImageWriter.entry(deleted, "linux/amd64"));
    whiteout = TinyProgram.push(layout, "whiteout", "whiteout");

    // skopeo 1.9 cannot copy nested indexes: push the inner one with it, the outer one with curl
    Descriptor inner = oci.index("nested-inner", TestImageWriter.entry(amd, "linux/amd64"), TestImageWriter.entry(arm, "linux/arm64"));
    TinyProgram.push(layout, "nested-inner", "nested");
    Descriptor outer = oci.index(null, RawJson.descriptor(inner));
    nested = TestServices.registry() + "/inspect-it/nested:1";
    Commands.run(List.of("curl", "-sSf", "-X", "PUT", "-H", "Content-Type: " + MediaType.OCI_INDEX.value(),
            "--data-binary", "@" + oci.layout().blobPath(outer.digest()),
            "http://" + TestServices.registry() + "/v2/inspect-it/nested/manifests/1"))
        .requireSuccess();

    oci.index("list", TestImageWriter.entry(amd, "linux/amd64"), TestImageWriter.entry(arm, "linux/arm64"));
    dockerList = TinyProgram.pushAsDockerList(layout, "list", "docker-list");

    // a real shell-form image on the real busybox base, built by this library
    GoImageBuild.module(TinyProgram.module())
        .platforms(BOTH)
        .from(TestServices.baseImage())
        .allowInsecureRegistries(true)
        .binaryName("tiny")
        .container(ContainerSpec.forBinary("tiny").withEntrypoint(List.of("/bin/sh", "-c", "exec /usr/local/bin/tiny --serve")))
        .workDirectory(work.resolve("shell-work"))
        .buildTo(work.resolve("shell"), "shell");
    shellForm = TinyProgram.push(work.resolve("shell"), "shell", "shell-form");
  }

  static ImageSource registry(String reference) {
    return RegistryStore.of(reference, new RegistryAccess(true, e -> {}), RegistryCredentials.none());
  }

  static ImageReport inspect(String reference) {
    return ImageInspector.of(registry(reference)).inspect();
  }

  @Test
  void anArm64OnlyIndexFailsVerificationForAmd64AndArm64NamingTheMissingPlatform() {
    VerificationResult result = ImageVerifier.of(registry(arm64Only)).require(BOTH, "configured platforms").verify();

    assertThat(result.ok()).isFalse();
    assertThat(result.problems()).singleElement().asString()
        .startsWith("linux/amd64 is missing")
        .contains("configured platforms")
        .contains("has only linux/arm64");
    assertThat(result.report().platforms()).singleElement().satisfies(p -> assertThat(p.ok()).isTrue());
  }

  @Test
  void theClusterNodesRequireTheirPlatformsAndAreNamedWhenOneIsMissing() {
    VerificationResult result =
        ImageVerifier.of(registry(arm64Only)).requireCluster(ClusterNodes.fromFile(ClusterNodesTest.nodesFile())).verify();

    assertThat(result.required()).extracting(RequiredPlatform::shown).containsExactly("linux/amd64", "linux/arm64");
    assertThat(result.problems()).singleElement().asString()
        .startsWith("linux/amd64 is missing")
        .contains("cluster node pool-x86-1");
  }

  @Test
  void aPlatformRequiredByConfigurationAndByTheClusterIsOneRequirementWithBothReasons() {
    VerificationResult result = ImageVerifier.of(registry(arm64Only))
        .require(BOTH, "configured platforms")
        .requireCluster(ClusterNodes.fromFile(ClusterNodesTest.nodesFile()))
        .verify();

    assertThat(result.required()).hasSize(2);
    assertThat(result.problems()).singleElement().asString()
        .contains("required by configured platforms and cluster node pool-x86-1");
  }

  @Test
  void anAmd64EntryCarryingAnArm64BinaryIsNamedByInspectAndFailsVerify() {
    ImageReport report = inspect(wrongBinary);

    PlatformReport amd = report.platforms().get(0);
    assertThat(amd.platformText()).isEqualTo("linux/amd64");
    assertThat(amd.image().architecture()).isEqualTo("amd64");
    assertThat(amd.entrypoint().orElseThrow().architecture()).contains("arm64");
    assertThat(amd.failures()).singleElement().extracting(Verdict::message).asString()
        .startsWith("the amd64 image carries an arm64 binary: it would fail with exec format error on amd64 nodes")
        .contains("/usr/local/bin/tiny");
    assertThat(report.platforms().get(1).ok()).isTrue();
    assertThat(report.table()).contains("PROBLEM linux/amd64: the amd64 image carries an arm64 binary");

    VerificationResult result = ImageVerifier.of(registry(wrongBinary)).require(BOTH, "configured platforms").verify();
    assertThat(result.problems()).singleElement().asString().startsWith("linux/amd64: the amd64 image carries an arm64 binary");
  }

  @Test
  void aSingleManifestIsOnePlatformTakenFromItsConfig() {
    ImageReport report = inspect(single);

    assertThat(report.mediaType()).isEqualTo(MediaType.OCI_MANIFEST.value());
    assertThat(report.platforms()).singleElement().satisfies(p -> {
      assertThat(p.indexPlatform()).isEmpty();
      assertThat(p.platformText()).isEqualTo("linux/amd64");
      assertThat(p.entrypoint().orElseThrow().kind()).isEqualTo(EntrypointFinding.Kind.ELF);
      assertThat(p.ok()).isTrue();
    });
    assertThat(ImageVerifier.of(registry(single)).require(Platform.parseAll("linux/amd64"), "configured platforms").verify().ok()).isTrue();
  }

  @Test
  void aDockerManifestListIsReadLikeAnOciIndex() {
    ImageReport report = inspect(dockerList);

    assertThat(report.mediaType()).isEqualTo(MediaType.DOCKER_LIST.value());
    assertThat(report.platforms()).extracting(PlatformReport::platformText).containsExactly("linux/amd64", "linux/arm64");
    assertThat(report.platforms()).allSatisfy(p -> {
      assertThat(p.manifest().mediaType()).isEqualTo(MediaType.DOCKER_MANIFEST.value());
      assertThat(p.ok()).isTrue();
    });
    assertThat(ImageVerifier.of(registry(dockerList)).require(BOTH, "configured platforms").verify().ok()).isTrue();
  }

  @Test
  void buildxAttestationsAreShownAsAttestationsNeverAsPlatforms() {
    ImageReport report = inspect(attested);

    assertThat(report.platforms()).extracting(PlatformReport::platformText).containsExactly("linux/amd64", "linux/arm64");
    assertThat(report.attestations()).hasSize(2).extracting(Attestation::digest).doesNotHaveDuplicates();
    assertThat(report.attestations().get(0).refersTo()).isEqualTo(attestedAmd64.digest().toString());
    assertThat(report.attestations().get(0).forPlatform()).isEqualTo("linux/amd64");
    assertThat(report.table()).contains("2 platforms, 2 attestations").doesNotContain("unknown/unknown");
    assertThat(report.toJson().get("attestations").get(1).get("platform").asText()).isEqualTo("linux/arm64");
    assertThat(ImageVerifier.of(registry(attested)).require(BOTH, "configured platforms").verify().ok()).isTrue();
  }

  @Test
  void arm64WithVariantV8SatisfiesArm64() {
    ImageReport report = inspect(arm64V8);

    PlatformReport arm = report.platforms().get(1);
    assertThat(arm.indexPlatform()).isEqualTo("linux/arm64/v8");
    assertThat(arm.image().variant()).isEqualTo("v8");
    assertThat(arm.ok()).isTrue();
    assertThat(ImageVerifier.of(registry(arm64V8)).require(BOTH, "configured platforms").verify().problems()).isEmpty();
  }

  @Test
  void aShellFormEntrypointReportsTheShellAndChecksItsBinary() {
    ImageReport report = inspect(shellForm);

    assertThat(report.platforms()).hasSize(2).allSatisfy(p -> {
      EntrypointFinding e = p.entrypoint().orElseThrow();
      assertThat(e.kind()).isEqualTo(EntrypointFinding.Kind.SHELL_FORM);
      assertThat(e.path()).isEqualTo("/bin/sh");
      assertThat(e.detail()).contains("exec /usr/local/bin/tiny --serve").contains("inside that command");
      assertThat(e.architecture()).contains(p.image().architecture());
      // the shell is in the busybox base, below the app layer: both layers were needed
      assertThat(e.layersRead()).isEqualTo(p.layers().size());
      assertThat(p.ok()).isTrue();
    });
  }

  @Test
  void aLayerThatDeletesTheBinaryByWhiteoutFailsNamingTheWhiteout() {
    ImageReport report = inspect(whiteout);

    PlatformReport p = report.platforms().get(0);
    assertThat(p.entrypoint().orElseThrow().kind()).isEqualTo(EntrypointFinding.Kind.NOT_FOUND);
    assertThat(p.failures()).singleElement().extracting(Verdict::message).asString()
        .contains("/usr/local/bin/tiny is not in the image")
        .contains("deleted by a whiteout in layer 2");
    assertThat(ImageVerifier.of(registry(whiteout)).require(Platform.parseAll("linux/amd64"), "configured").verify().ok()).isFalse();
  }

  @Test
  void aNestedIndexIsFollowed() {
    ImageReport report = inspect(nested);
    assertThat(report.platforms()).extracting(PlatformReport::platformText).containsExactly("linux/amd64", "linux/arm64");
    assertThat(report.platforms().get(0).via()).hasSize(1);
    assertThat(report.ok()).isTrue();
  }

  @Test
  void jsonAndTableCarryTheSameFacts() throws IOException {
    ImageReport report = inspect(wrongBinary);
    JsonNode json = report.toJson();
    Path file = work.resolve("report.json");
    Files.writeString(file, io.cinemaabyss.cinema.json.Json.pretty(json));

    JsonNode amd = io.cinemaabyss.cinema.json.Json.parse(Files.readAllBytes(file), "report").get("platforms").get(0);
    assertThat(amd.get("platform").asText()).isEqualTo("linux/amd64");
    assertThat(amd.get("digest").asText()).isEqualTo(report.platforms().get(0).manifest().digest().toString());
    assertThat(amd.get("binary").get("architecture").asText()).isEqualTo("arm64");
    assertThat(amd.get("config").get("entrypoint").get(0).asText()).isEqualTo("/usr/local/bin/tiny");
    assertThat(amd.get("config").get("created").asText()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(amd.get("totalSize").asLong()).isGreaterThan(100_000);
    assertThat(amd.get("ok").asBoolean()).isFalse();
    assertThat(report.table())
        .contains(report.platforms().get(0).manifest().digest().toString().substring(0, 19))
        .contains("ELF arm64")
        .contains("65532:65532")
        .contains("2026-01-01T00:00:00Z");
  }
}
