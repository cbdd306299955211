package io.cinemaabyss.cinema.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.cinemaabyss.cinema.attest.AttestationKind;
import io.cinemaabyss.cinema.attest.CycloneDxDocument;
import io.cinemaabyss.cinema.attest.GoBuildInfo;
import io.cinemaabyss.cinema.attest.GoModules;
import io.cinemaabyss.cinema.attest.SpdxDocument;
import io.cinemaabyss.cinema.json.Json;
import io.cinemaabyss.cinema.oci.Descriptor;
import io.cinemaabyss.cinema.oci.ImageContent;
import io.cinemaabyss.cinema.oci.Manifest;
import io.cinemaabyss.cinema.store.ImageSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The supply-chain verdicts on one platform's image: an SBOM and a provenance statement are
 * attached, and every SBOM names exactly the modules of the entrypoint binary, read from the layer
 * (its Go build information), so a binary swapped after the SBOM was made fails.
 */
final class SupplyChainCheck {

  /** SBOM documents are JSON of a few hundred KB at most; one over this is refused. */
  private static final int MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

  private final ImageSource source;

  SupplyChainCheck(ImageSource source) {
    this.source = source;
  }

  List<Verdict> of(PlatformReport platform) {
    List<Verdict> verdicts = new ArrayList<>();
    List<Descriptor> sboms = ofKind(platform, true);
    List<Descriptor> provenance = ofKind(platform, false);
    verdicts.add(sboms.isEmpty()
        ? Verdict.fail(Verdict.Check.SBOM, "no SBOM is attached (no referrer of type " + AttestationKind.SPDX.artifactType() + " or "
            + AttestationKind.CYCLONEDX.artifactType() + "): build it with cinema-build and sbom=true, then push it again")
        : modules(platform, sboms));
    verdicts.add(provenance.isEmpty()
        ? Verdict.fail(Verdict.Check.PROVENANCE, "no provenance is attached (no referrer of type " + AttestationKind.PROVENANCE.artifactType()
            + "): build it with cinema-build and provenance=true, then push it again")
        : Verdict.pass(Verdict.Check.PROVENANCE, "provenance " + provenance.get(0).digest() + " is attached"));
    return verdicts;
  }

  private static List<Descriptor> ofKind(PlatformReport platform, boolean sbom) {
    return platform.referrers().stream()
        .filter(r -> AttestationKind.of(r.artifactType()).filter(k -> k.isSbom() == sbom).isPresent())
        .toList();
  }

  private Verdict modules(PlatformReport platform, List<Descriptor> sboms) {
    Optional<EntrypointFinding> entrypoint = platform.entrypoint();
    if (entrypoint.isEmpty() || entrypoint.get().kind() != EntrypointFinding.Kind.ELF || entrypoint.get().location().isEmpty()) {
      return Verdict.fail(Verdict.Check.SBOM, "the SBOM cannot be checked: the entrypoint is not an ELF binary found in the layers ("
          + entrypoint.map(EntrypointFinding::detail).orElse("not read") + ")");
    }
    String path = entrypoint.get().resolvedPath();
    Optional<GoBuildInfo> info;
    try {
      info = GoBuildInfo.read(binary(platform, entrypoint.get().location().get()));
    } catch (IllegalArgumentException e) {
      return Verdict.fail(Verdict.Check.SBOM, "the binary " + path + " cannot be checked against the SBOM: " + e.getMessage());
    }
    if (info.isEmpty()) {
      return Verdict.fail(Verdict.Check.SBOM, "the binary " + path + " holds no Go build information, but an SBOM says it is a Go binary: "
          + "it was changed after the SBOM was made");
    }
    Set<String> inBinary = GoModules.of(info.get());
    for (Descriptor sbom : sboms) {
      AttestationKind kind = AttestationKind.of(sbom.artifactType()).orElseThrow();
      JsonNode document = document(sbom);
      Set<String> named = kind == AttestationKind.SPDX ? SpdxDocument.modules(document) : CycloneDxDocument.modules(document);
      Set<String> onlyNamed = new TreeSet<>(named);
      onlyNamed.removeAll(inBinary);
      Set<String> onlyInBinary = new TreeSet<>(inBinary);
      onlyInBinary.removeAll(named);
      if (!onlyNamed.isEmpty() || !onlyInBinary.isEmpty()) {
        List<String> differences = new ArrayList<>();
        onlyNamed.forEach(m -> differences.add("the SBOM names " + m + ", which the binary does not contain"));
        onlyInBinary.forEach(m -> differences.add("the binary contains " + m + ", which the SBOM does not name"));
        return Verdict.fail(Verdict.Check.SBOM, "the " + kind.label() + " " + sbom.digest() + " does not describe the binary " + path + ": "
            + String.join("; ", differences) + ". The binary was changed after the SBOM was made: build and push the image again");
      }
    }
    return Verdict.pass(Verdict.Check.SBOM, sboms.size() + (sboms.size() == 1 ? " SBOM names" : " SBOMs name") + " exactly the "
        + inBinary.size() + " modules of " + path);
  }

  private byte[] binary(PlatformReport platform, FileLocation location) {
    Descriptor layer = platform.layers().get(location.layer() - 1);
    Path file = null;
    try {
      file = Files.createTempFile("cinema-sbom-check-", ".bin");
      boolean found;
      try (InputStream in = source.blob(layer)) {
        found = LayerReader.extract(in, layer.digest().toString(), location.entryName(), file);
      }
      if (!found) {
        throw new UncheckedIOException(new IOException(location + " was not found in layer " + layer.digest() + " of " + source.name()));
      }
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the binary " + location + " of " + source.name() + ": " + e.getMessage(), e);
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          // a temporary file left behind costs only disk
        }
      }
    }
  }

  private JsonNode document(Descriptor referrer) {
    ImageContent content = source.manifest(referrer.digest().toString());
    if (!(content instanceof Manifest artifact) || artifact.layers().isEmpty()) {
      throw new io.cinemaabyss.cinema.oci.InvalidContentException(
          "The artifact " + referrer.digest() + " of " + source.name() + " has no document layer");
    }
    Descriptor layer = artifact.layers().get(0);
    try (InputStream in = source.blob(layer)) {
      byte[] bytes = in.readNBytes(MAX_DOCUMENT_BYTES + 1);
      if (bytes.length > MAX_DOCUMENT_BYTES) {
        throw new io.cinemaabyss.cinema.oci.InvalidContentException(
            "The document " + layer.digest() + " of " + source.name() + " is over " + MAX_DOCUMENT_BYTES + " bytes: not an SBOM this tool reads");
      }
      return Json.parse(bytes, "The " + referrer.artifactType() + " document " + layer.digest() + " of " + source.name());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the document " + layer.digest() + " of " + source.name(), e);
    }
  }
}
