package io.cinemaabyss.cinema.attest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cinemaabyss.cinema.CinemaVersion;
import io.cinemaabyss.cinema.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cyclonedx.Version;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Given a real Go binary, its SBOMs and provenance name what is in it, and the same inputs give the same bytes. */
class AttestDocumentsTest {

  @TempDir static Path dir;
  static BuiltBinary built;
  static final String BASE_DIGEST = "sha256:" + "ab".repeat(32);

  @BeforeAll
  static void build() throws Exception {
    GoBuildInfo info = GoBuildInfo.read(Files.readAllBytes(GoBuildInfoTest.buildWithDependency(dir))).orElseThrow();
    built = new BuiltBinary("127.0.0.1:5000/cinema/withdeps", "linux/arm64", "/usr/local/bin/withdeps", info,
        Optional.of(new BuiltBinary.BaseImage("127.0.0.1:5000/cinema-test/busybox:1", BASE_DIGEST)), Instant.ofEpochSecond(1700000000));
  }

  @Test
  void theSpdxDocumentNamesEveryModuleWithItsPackageUrlAndTheBase() {
    JsonNode spdx = Json.parse(SpdxDocument.of(built), "spdx");
    assertThat(spdx.path("spdxVersion").asText()).isEqualTo("SPDX-2.3");
    assertThat(spdx.path("creationInfo").path("created").asText()).isEqualTo("2023-11-14T22:13:20Z");
    assertThat(spdx.path("documentNamespace").asText()).startsWith("https://cinemaabyss.io/spdx/withdeps-");
    List<String> purls = new ArrayList<>();
    spdx.path("packages").forEach(p -> purls.add(p.path("externalRefs").get(0).path("referenceLocator").asText()));
    assertThat(purls).containsExactly("pkg:golang/example.com/withdeps", "pkg:golang/stdlib@" + built.buildInfo().goVersion(),
        "pkg:golang/github.com/lib/pq@v1.10.7",
        "pkg:oci/busybox:1@sha256%3A" + "ab".repeat(32) + "?repository_url=127.0.0.1%3A5000/cinema-test/busybox%3A1");
    assertThat(SpdxDocument.modules(spdx)).isEqualTo(GoModules.of(built.buildInfo()))
        .containsExactly("example.com/withdeps", "github.com/lib/pq@v1.10.7");
    assertThat(spdx.path("relationships").size()).isEqualTo(4);
  }

  @Test
  void theCycloneDxBomIsValidAgainstTheSchemaAndNamesTheSameModules() throws Exception {
    byte[] bom = CycloneDxDocument.of(built);
    assertThat(new JsonParser().validate(bom, Version.VERSION_15)).isEmpty();
    JsonNode node = Json.parse(bom, "bom");
    assertThat(node.path("specVersion").asText()).isEqualTo("1.5");
    assertThat(node.path("serialNumber").asText()).startsWith("urn:uuid:");
    assertThat(node.path("metadata").path("component").path("name").asText()).isEqualTo("example.com/withdeps");
    List<String> purls = new ArrayList<>();
    node.path("components").forEach(c -> purls.add(c.path("purl").asText()));
    assertThat(purls).contains("pkg:golang/github.com/lib/pq@v1.10.7", "pkg:golang/stdlib@" + built.buildInfo().goVersion());
  }

  @Test
  void theProvenanceIsASlsaV1StatementAboutThePlatformManifest() {
    Provenance.Build build = new Provenance.Build(Map.of("platforms", List.of("linux/amd64", "linux/arm64"), "ldflags", "-s -w"),
        Optional.of(new Provenance.Source("https://github.com/cinemaabyss/cinema-build", "c0ffee", false)),
        List.of(built.base().orElseThrow()), built.created());
    JsonNode statement = Json.parse(Provenance.of("127.0.0.1:5000/cinema/withdeps", "sha256:" + "cd".repeat(32), build), "provenance");
    assertThat(statement.path("_type").asText()).isEqualTo("https://in-toto.io/Statement/v1");
    assertThat(statement.path("predicateType").asText()).isEqualTo("https://slsa.dev/provenance/v1");
    assertThat(statement.path("subject").get(0).path("digest").path("sha256").asText()).isEqualTo("cd".repeat(32));
    JsonNode predicate = statement.path("predicate");
    assertThat(predicate.path("runDetails").path("builder").path("id").asText()).endsWith("@" + CinemaVersion.get());
    assertThat(predicate.path("buildDefinition").path("externalParameters").path("ldflags").asText()).isEqualTo("-s -w");
    assertThat(predicate.path("buildDefinition").path("resolvedDependencies").get(0).path("digest").path("gitCommit").asText())
        .isEqualTo("c0ffee");
    assertThat(predicate.path("buildDefinition").path("resolvedDependencies").get(1).path("digest").path("sha256").asText())
        .isEqualTo("ab".repeat(32));
  }

  @Test
  void theSameBinaryGivesTheSameBytes() {
    assertThat(SpdxDocument.of(built)).isEqualTo(SpdxDocument.of(built));
    assertThat(CycloneDxDocument.of(built)).isEqualTo(CycloneDxDocument.of(built));
  }
}
