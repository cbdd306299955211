package io.cinemaabyss.cinema.check;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cinemaabyss.cinema.layout.OciLayout;
import io.cinemaabyss.cinema.oci.Descriptor;
import io.cinemaabyss.cinema.oci.Digest;
import io.cinemaabyss.cinema.oci.MediaType;
import io.cinemaabyss.cinema.testing.RawJson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * Writes hand-made images into a real OCI layout: layers as given, a config, a manifest (OCI or
 * Docker media types) and indexes with any platform and annotation, including wrong ones.
 */
final class TestImageWriter {

  static final String IN_TOTO = "application/vnd.in-toto+json";

  private final OciLayout layout;
  private final boolean docker;

  TestImageWriter(OciLayout layout, boolean docker) {
    this.layout = layout;
    this.docker = docker;
  }

  OciLayout layout() {
    return layout;
  }

  /** What the config of an image says. */
  record Config(String os, String architecture, String variant, List<String> entrypoint, List<String> cmd, List<String> env, String workingDir) {
    static Config of(String platform, List<String> entrypoint) {
      String[] parts = platform.split("/");
      return new Config(parts[0], parts[1], parts.length > 2 ? parts[2] : "", entrypoint, List.of(), List.of(), "");
    }

    Config withCmd(List<String> value) {
      return new Config(os, architecture, variant, entrypoint, value, env, workingDir);
    }

    Config withEnv(List<String> value) {
      return new Config(os, architecture, variant, entrypoint, cmd, value, workingDir);
    }

    Config withWorkingDir(String value) {
      return new Config(os, architecture, variant, entrypoint, cmd, env, value);
    }
  }

  /** Writes a manifest over {@code layers} (gzip tars, bottom first); returns its descriptor without platform. */
  Descriptor image(Config config, byte[]... layers) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode configJson = f.objectNode();
    configJson.put("architecture", config.architecture());
    configJson.put("os", config.os());
    if (!config.variant().isEmpty()) {
      configJson.put("variant", config.variant());
    }
    configJson.put("created", "2026-01-01T00:00:00Z");
    ObjectNode c = configJson.putObject("config");
    if (!config.entrypoint().isEmpty()) {
      ArrayNode e = c.putArray("Entrypoint");
      config.entrypoint().forEach(e::add);
    }
    if (!config.cmd().isEmpty()) {
      ArrayNode e = c.putArray("Cmd");
      config.cmd().forEach(e::add);
    }
    if (!config.env().isEmpty()) {
      ArrayNode e = c.putArray("Env");
      config.env().forEach(e::add);
    }
    if (!config.workingDir().isEmpty()) {
      c.put("WorkingDir", config.workingDir());
    }
    c.put("User", "65532:65532");
    ObjectNode rootfs = configJson.putObject("rootfs");
    rootfs.put("type", "layers");
    ArrayNode diffIds = rootfs.putArray("diff_ids");
    List<Descriptor> layerDescriptors = new ArrayList<>();
    for (byte[] layer : layers) {
      diffIds.add(Digest.of(gunzip(layer)).toString());
      layerDescriptors.add(layout.writeBlob(docker ? MediaType.DOCKER_LAYER_GZIP.value() : MediaType.OCI_LAYER_GZIP.value(), layer));
    }
    Descriptor configDescriptor = RawJson.write(layout, docker ? MediaType.DOCKER_CONFIG.value() : MediaType.OCI_CONFIG.value(), configJson);
    ObjectNode manifest = f.objectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", docker ? MediaType.DOCKER_MANIFEST.value() : MediaType.OCI_MANIFEST.value());
    manifest.set("config", RawJson.descriptor(configDescriptor));
    ArrayNode layersNode = manifest.putArray("layers");
    layerDescriptors.forEach(d -> layersNode.add(RawJson.descriptor(d)));
    return RawJson.write(layout, docker ? MediaType.DOCKER_MANIFEST.value() : MediaType.OCI_MANIFEST.value(), manifest);
  }

  /** A buildx-style attestation manifest for {@code subject}: an in-toto layer, listed as unknown/unknown. */
  ObjectNode attestationFor(Descriptor subject) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode statement = f.objectNode();
    statement.put("_type", "https://in-toto.io/Statement/v0.1");
    statement.put("predicateType", "https://slsa.dev/provenance/v0.2");
    statement.putArray("subject").addObject().putObject("digest").put("sha256", subject.digest().hex());
    statement.putObject("predicate").put("builder", "cinema-build tests");
    Descriptor layer = RawJson.write(layout, IN_TOTO, statement);
    ObjectNode config = f.objectNode();
    config.put("architecture", "unknown");
    config.put("os", "unknown");
    config.putObject("config");
    config.putObject("rootfs").put("type", "layers").putArray("diff_ids").add(layer.digest().toString());
    Descriptor configDescriptor = RawJson.write(layout, MediaType.OCI_CONFIG.value(), config);
    ObjectNode manifest = f.objectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", MediaType.OCI_MANIFEST.value());
    manifest.set("config", RawJson.descriptor(configDescriptor));
    ObjectNode layerNode = RawJson.descriptor(layer);
    layerNode.putObject("annotations").put("in-toto.io/predicate-type", "https://slsa.dev/provenance/v0.2");
    manifest.putArray("layers").add(layerNode);
    Descriptor written = RawJson.write(layout, MediaType.OCI_MANIFEST.value(), manifest);
    Map<String, String> annotations = new TreeMap<>();
    annotations.put("vnd.docker.reference.type", "attestation-manifest");
    annotations.put("vnd.docker.reference.digest", subject.digest().toString());
    return entry(written.withAnnotations(annotations), "unknown/unknown");
  }

  /** Writes an index (or Docker list) over {@code entries}, each with its platform, and tags it. */
  Descriptor index(String tag, ObjectNode... entries) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode index = f.objectNode();
    index.put("schemaVersion", 2);
    index.put("mediaType", docker ? MediaType.DOCKER_LIST.value() : MediaType.OCI_INDEX.value());
    ArrayNode manifests = index.putArray("manifests");
    for (ObjectNode entry : entries) {
      manifests.add(entry);
    }
    Descriptor written = RawJson.write(layout, docker ? MediaType.DOCKER_LIST.value() : MediaType.OCI_INDEX.value(), index);
    if (tag != null) {
      layout.tag(tag, written);
    }
    return written;
  }

  /** An index entry whose platform is written exactly as given ({@code arm64/v8} kept as is). */
  static ObjectNode entry(Descriptor manifest, String platform) {
    String[] parts = platform.split("/");
    ObjectNode node = RawJson.descriptor(manifest);
    ObjectNode p = JsonNodeFactory.instance.objectNode();
    p.put("architecture", parts[1]);
    p.put("os", parts[0]);
    if (parts.length > 2) {
      p.put("variant", parts[2]);
    }
    node.set("platform", p);
    return node;
  }

  static byte[] gunzip(byte[] layer) {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(layer))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
