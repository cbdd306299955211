package io.cinemaabyss.cinema.attest;

import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.CinemaVersion;
import io.cinemaabyss.cinema.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.cyclonedx.Version;
import org.cyclonedx.exception.GeneratorException;
import org.cyclonedx.generators.BomGeneratorFactory;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Dependency;
import org.cyclonedx.model.Metadata;
import org.cyclonedx.model.Property;
import org.cyclonedx.model.metadata.ToolInformation;

/**
 * A CycloneDX 1.5 JSON BOM for one platform image, written with cyclonedx-core-java: the main module
 * as the application, the standard library, every dependency module (package URL, go.sum, what
 * replaced it) and the base image. The serial number is derived from the content, so the same
 * binary and base give the same bytes.
 */
public final class CycloneDxDocument {

  public static final String MEDIA_TYPE = "application/vnd.cyclonedx+json";

  private CycloneDxDocument() {}

  public static byte[] of(BuiltBinary binary) {
    GoBuildInfo info = binary.buildInfo();
    Bom bom = new Bom();
    Metadata metadata = new Metadata();
    metadata.setTimestamp(Date.from(binary.created()));
    ToolInformation tools = new ToolInformation();
    tools.setComponents(List.of(component(Component.Type.APPLICATION, "cinema-build", CinemaVersion.get(), null)));
    metadata.setToolChoice(tools);
    Component main = component(Component.Type.APPLICATION, info.main().path(), info.main().version(), "main");
    main.setDescription("binary " + binary.pathInImage() + " (" + binary.platform() + ") built by " + info.goVersion()
        + " with " + SpdxDocument.settings(info));
    metadata.setComponent(main);
    bom.setMetadata(metadata);

    List<Component> components = new ArrayList<>();
    Dependency root = new Dependency("main");
    components.add(component(Component.Type.LIBRARY, "stdlib", info.goVersion(), "stdlib"));
    root.addDependency(new Dependency("stdlib"));
    int n = 0;
    for (GoBuildInfo.Module dep : info.deps()) {
      String ref = "go-" + (++n);
      Component c = component(Component.Type.LIBRARY, dep.path(), dep.version(), ref);
      List<Property> properties = new ArrayList<>();
      if (!dep.sum().isEmpty()) {
        properties.add(new Property("cinema:go.sum", dep.sum()));
      }
      dep.replacement().ifPresent(r -> properties.add(new Property("cinema:replaced-by", r.path() + (r.version().isEmpty() ? "" : " " + r.version()))));
      if (!properties.isEmpty()) {
        c.setProperties(properties);
      }
      components.add(c);
      root.addDependency(new Dependency(ref));
    }
    binary.base().ifPresent(base -> {
      Component c = new Component();
      c.setType(Component.Type.CONTAINER);
      c.setBomRef("base");
      c.setName(base.name());
      c.setVersion(base.digest());
      components.add(c);
      root.addDependency(new Dependency("base"));
    });
    bom.setComponents(components);
    bom.setDependencies(List.of(root));
    try {
      bom.setSerialNumber("urn:uuid:" + UUID.nameUUIDFromBytes(json(bom).getBytes(StandardCharsets.UTF_8)));
      return Json.bytes(Json.parse(json(bom).getBytes(StandardCharsets.UTF_8), "the CycloneDX BOM"));
    } catch (GeneratorException e) {
      throw new CinemaException("cyclonedx-core-java cannot write the BOM of " + binary.image() + " " + binary.platform() + ": " + e.getMessage(), e);
    }
  }

  /** The modules a BOM of this kind names, as {@code path@version} (the main module by name alone). */
  public static java.util.Set<String> modules(com.fasterxml.jackson.databind.JsonNode bom) {
    java.util.Set<String> modules = new java.util.TreeSet<>();
    String main = bom.path("metadata").path("component").path("name").asText("");
    if (!main.isEmpty()) {
      modules.add(main);
    }
    for (com.fasterxml.jackson.databind.JsonNode c : bom.path("components")) {
      if (c.path("bom-ref").asText().startsWith("go-")) {
        modules.add(c.path("name").asText() + "@" + c.path("version").asText(""));
      }
    }
    return modules;
  }

  private static String json(Bom bom) throws GeneratorException {
    return BomGeneratorFactory.createJson(Version.VERSION_15, bom).toJsonString();
  }

  private static Component component(Component.Type type, String path, String version, String ref) {
    Component c = new Component();
    c.setType(type);
    if (ref != null) {
      c.setBomRef(ref);
    }
    c.setName(path);
    if (!version.isEmpty()) {
      c.setVersion(version);
    }
    if (ref != null) {
      c.setPurl(BuiltBinary.purl(path, version.equals("(devel)") ? "" : version));
    }
    return c;
  }
}
