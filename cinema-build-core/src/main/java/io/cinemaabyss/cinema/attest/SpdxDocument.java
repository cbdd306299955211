package io.cinemaabyss.cinema.attest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cinemaabyss.cinema.CinemaVersion;
import io.cinemaabyss.cinema.json.Json;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.TreeSet;

/**
 * An SPDX 2.3 JSON document for one platform image: the main module, the Go standard library, every
 * dependency module with its package URL, and the base image, with DEPENDS_ON relationships. The
 * same binary and base give the same bytes: the namespace is derived from the content, the time is
 * the build's.
 */
public final class SpdxDocument {

  public static final String MEDIA_TYPE = "application/spdx+json";

  private SpdxDocument() {}

  public static byte[] of(BuiltBinary binary) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    GoBuildInfo info = binary.buildInfo();
    ObjectNode doc = f.objectNode();
    doc.put("spdxVersion", "SPDX-2.3");
    doc.put("dataLicense", "CC0-1.0");
    doc.put("SPDXID", "SPDXRef-DOCUMENT");
    doc.put("name", binary.image() + " " + binary.platform());
    doc.put("documentNamespace", "");
    ObjectNode creation = doc.putObject("creationInfo");
    creation.put("created", DateTimeFormatter.ISO_INSTANT.format(binary.created().truncatedTo(ChronoUnit.SECONDS)));
    creation.putArray("creators").add("Tool: cinema-build-" + CinemaVersion.get());
    doc.putArray("documentDescribes").add("SPDXRef-Package-main");

    ArrayNode packages = doc.putArray("packages");
    ArrayNode relationships = f.arrayNode();
    ObjectNode main = goPackage(packages, "SPDXRef-Package-main", info.main().path(), info.main().version());
    main.put("primaryPackagePurpose", "APPLICATION");
    ArrayNode files = main.putArray("annotations");
    ObjectNode where = files.addObject();
    where.put("annotationType", "OTHER");
    where.put("annotator", "Tool: cinema-build-" + CinemaVersion.get());
    where.put("annotationDate", creation.get("created").asText());
    where.put("comment", "binary " + binary.pathInImage() + " built by " + info.goVersion() + " with " + settings(info));
    dependsOn(relationships, "SPDXRef-DOCUMENT", "DESCRIBES", "SPDXRef-Package-main");

    goPackage(packages, "SPDXRef-Package-stdlib", "stdlib", info.goVersion());
    dependsOn(relationships, "SPDXRef-Package-main", "DEPENDS_ON", "SPDXRef-Package-stdlib");
    int n = 0;
    for (GoBuildInfo.Module dep : info.deps()) {
      String id = "SPDXRef-Package-go-" + (++n);
      ObjectNode p = goPackage(packages, id, dep.path(), dep.version());
      if (!dep.sum().isEmpty()) {
        p.put("comment", "go.sum " + dep.sum());
      }
      dep.replacement().ifPresent(r -> p.put("sourceInfo", "replaced by " + r.path() + (r.version().isEmpty() ? "" : " " + r.version())));
      dependsOn(relationships, "SPDXRef-Package-main", "DEPENDS_ON", id);
    }
    binary.base().ifPresent(base -> {
      ObjectNode p = packages.addObject();
      p.put("SPDXID", "SPDXRef-Package-base");
      p.put("name", base.name());
      p.put("versionInfo", base.digest());
      p.put("downloadLocation", "NOASSERTION");
      p.put("filesAnalyzed", false);
      p.put("primaryPackagePurpose", "CONTAINER");
      purl(p, "pkg:oci/" + lastSegment(base.name()) + "@" + base.digest().replace(":", "%3A")
          + "?repository_url=" + base.name().replace(":", "%3A"));
      dependsOn(relationships, "SPDXRef-Package-main", "DEPENDS_ON", "SPDXRef-Package-base");
    });
    doc.set("relationships", relationships);
    doc.put("documentNamespace", "https://cinemaabyss.io/spdx/" + lastSegment(binary.image()) + "-"
        + io.cinemaabyss.cinema.oci.Digest.of(Json.bytes(doc)).hex());
    return Json.bytes(doc);
  }

  /** The modules an SPDX document of this kind names, as {@code path@version} (the main module by path). */
  public static Set<String> modules(JsonNode spdx) {
    Set<String> modules = new TreeSet<>();
    for (JsonNode p : spdx.path("packages")) {
      String id = p.path("SPDXID").asText();
      if (id.equals("SPDXRef-Package-main")) {
        modules.add(p.path("name").asText());
      } else if (id.startsWith("SPDXRef-Package-go-")) {
        modules.add(p.path("name").asText() + "@" + p.path("versionInfo").asText());
      }
    }
    return modules;
  }

  private static ObjectNode goPackage(ArrayNode packages, String id, String path, String version) {
    ObjectNode p = packages.addObject();
    p.put("SPDXID", id);
    p.put("name", path);
    if (!version.isEmpty()) {
      p.put("versionInfo", version);
    }
    p.put("downloadLocation", "NOASSERTION");
    p.put("filesAnalyzed", false);
    purl(p, BuiltBinary.purl(path, version.equals("(devel)") ? "" : version));
    return p;
  }

  private static void purl(ObjectNode p, String locator) {
    ObjectNode ref = p.putArray("externalRefs").addObject();
    ref.put("referenceCategory", "PACKAGE-MANAGER");
    ref.put("referenceType", "purl");
    ref.put("referenceLocator", locator);
  }

  private static void dependsOn(ArrayNode relationships, String from, String type, String to) {
    ObjectNode r = relationships.addObject();
    r.put("spdxElementId", from);
    r.put("relationshipType", type);
    r.put("relatedSpdxElement", to);
  }

  static String settings(GoBuildInfo info) {
    StringBuilder s = new StringBuilder();
    info.settings().forEach((k, v) -> s.append(s.length() == 0 ? "" : " ").append(k).append('=').append(v));
    return s.toString();
  }

  private static String lastSegment(String name) {
    return name.substring(name.lastIndexOf('/') + 1);
  }
}
