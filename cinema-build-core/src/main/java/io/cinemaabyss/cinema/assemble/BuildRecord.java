package io.cinemaabyss.cinema.assemble;

import io.cinemaabyss.cinema.json.Json;
import io.cinemaabyss.cinema.oci.Digest;
import io.cinemaabyss.cinema.oci.Index;
import io.cinemaabyss.cinema.oci.IndexFormat;
import io.cinemaabyss.cinema.oci.Manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cinemaabyss.cinema.build.go.GoBinary;
import io.cinemaabyss.cinema.layout.OciLayout;
import io.cinemaabyss.cinema.oci.Descriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the last build of a tag was made from. When the binaries, base, container settings and
 * annotations are the same and the layout still holds that index, the images need not be assembled
 * again: jib's part is most of a warm build's time.
 */
record BuildRecord(String inputs, Descriptor index, List<PlatformImage> images) {

  /** One digest over everything an index is made from. */
  static String inputs(
      List<GoBinary> binaries, BaseImage base, ContainerSpec spec, IndexFormat format, Map<String, String> annotations) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("record", 1);
    node.put("format", format.name());
    node.put("base", base.name() + "@" + base.digest().orElse("") + " " + new TreeMap<>(base.manifests().entrySet().stream()
        .collect(java.util.stream.Collectors.toMap(e -> e.getKey().toString(), Map.Entry::getValue))));
    Map<String, Object> container = new TreeMap<>();
    container.put("appPath", spec.appPath());
    container.put("entrypoint", spec.entrypoint());
    container.put("args", spec.args());
    container.put("env", new TreeMap<>(spec.env()));
    container.put("workingDirectory", spec.workingDirectory());
    container.put("user", spec.user());
    container.put("ports", spec.ports());
    container.put("labels", new TreeMap<>(spec.labels()));
    container.put("created", spec.creationTime().toString());
    container.put("volumes", spec.volumes());
    container.put("extraDirectories", ExtraDirectory.digest(spec.extraDirectories()));
    node.set("container", Json.tree(container));
    node.set("annotations", Json.tree(new TreeMap<>(annotations)));
    ArrayNode list = node.putArray("binaries");
    for (GoBinary binary : binaries) {
      list.addObject().put("platform", binary.platform().toString()).put("sha256", binary.sha256().orElseGet(() -> sha256(binary.path())));
    }
    return Digest.of(Json.bytes(node)).toString();
  }

  /**
   * The record at {@code file}, if its inputs match and the layout still has that index under
   * {@code tag}; the images are read from the index and their manifests in the layout.
   */
  static Optional<BuildRecord> reusable(Path file, String inputs, OciLayout layout, String tag) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      JsonNode json = Json.parse(Files.readAllBytes(file), "The build record " + file);
      if (!inputs.equals(json.path("inputs").asText())) {
        return Optional.empty();
      }
      Optional<Descriptor> entry = layout.resolve(tag);
      if (entry.isEmpty() || !entry.get().digest().toString().equals(json.path("index").asText())) {
        return Optional.empty();
      }
      Descriptor index = new Descriptor(entry.get().mediaType(), entry.get().digest(), entry.get().size());
      List<PlatformImage> images = new ArrayList<>();
      for (Descriptor manifest : Index.parse(layout.readBlob(index.digest()), "The index " + index.digest()).manifests()) {
        if (!layout.hasBlob(manifest.digest())) {
          return Optional.empty();
        }
        Digest config = Manifest.parse(layout.readBlob(manifest.digest()), "The manifest " + manifest.digest()).config().digest();
        if (!layout.hasBlob(config)) {
          return Optional.empty();
        }
        images.add(new PlatformImage(manifest.platform().orElseThrow(), manifest, config));
      }
      return Optional.of(new BuildRecord(inputs, index, images));
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // an unreadable record only costs a full build
    }
  }

  void save(Path file) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("inputs", inputs);
    json.put("index", index.digest().toString());
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, Json.bytes(json));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the build record " + file, e);
    }
  }

  static String fileName(String tag) {
    return "build-record-" + tag.replaceAll("[^A-Za-z0-9_.-]", "_") + ".json";
  }

  private static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return Digest.of(in).digest().hex();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }
}
