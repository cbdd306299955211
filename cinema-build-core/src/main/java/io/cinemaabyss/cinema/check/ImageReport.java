package io.cinemaabyss.cinema.check;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cinemaabyss.cinema.oci.Descriptor;
import io.cinemaabyss.cinema.oci.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What an inspection found: the image's top manifest or index, every platform with its facts and
 * verdicts, the attestations, and notes on entries skipped. {@link #table()} and {@link #toJson()}
 * carry the same facts.
 */
public record ImageReport(
    String source,
    String reference,
    String digest,
    String mediaType,
    long size,
    List<PlatformReport> platforms,
    List<Attestation> attestations,
    List<String> notes) {

  public ImageReport {
    platforms = List.copyOf(platforms);
    attestations = List.copyOf(attestations);
    notes = List.copyOf(notes);
  }

  /** This report with other platform reports (the same platforms, with more verdicts). */
  public ImageReport withPlatforms(List<PlatformReport> value) {
    return new ImageReport(source, reference, digest, mediaType, size, value, attestations, notes);
  }

  public boolean isIndex() {
    return MediaType.isIndex(mediaType);
  }

  /** True when every verdict on every platform passed. */
  public boolean ok() {
    return platforms.stream().allMatch(PlatformReport::ok);
  }

  /** Each failed verdict, as {@code "linux/amd64: message"}. */
  public List<String> problems() {
    List<String> out = new ArrayList<>();
    for (PlatformReport p : platforms) {
      for (Verdict v : p.failures()) {
        out.add(p.platformText() + ": " + v.message());
      }
    }
    return out;
  }

  public ObjectNode toJson() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode root = f.objectNode();
    root.put("source", source);
    root.put("reference", reference);
    root.put("digest", digest);
    root.put("mediaType", mediaType);
    root.put("size", size);
    root.put("ok", ok());
    ArrayNode list = root.putArray("platforms");
    for (PlatformReport p : platforms) {
      ObjectNode node = list.addObject();
      node.put("platform", p.platformText());
      node.put("indexPlatform", p.indexPlatform());
      node.put("digest", p.manifest().digest().toString());
      node.put("mediaType", p.manifest().mediaType());
      node.put("manifestSize", p.manifest().size());
      node.put("totalSize", p.totalSize());
      if (!p.via().isEmpty()) {
        ArrayNode via = node.putArray("via");
        p.via().forEach(via::add);
      }
      ObjectNode config = node.putObject("config");
      config.put("digest", p.config().digest().toString());
      config.put("os", p.image().os());
      config.put("architecture", p.image().architecture());
      config.put("variant", p.image().variant());
      config.put("created", p.image().created());
      config.put("user", p.image().user());
      ArrayNode entrypoint = config.putArray("entrypoint");
      p.image().entrypoint().forEach(entrypoint::add);
      ArrayNode cmd = config.putArray("cmd");
      p.image().cmd().forEach(cmd::add);
      ArrayNode layers = node.putArray("layers");
      for (Descriptor layer : p.layers()) {
        layers.addObject().put("digest", layer.digest().toString()).put("mediaType", layer.mediaType()).put("size", layer.size());
      }
      p.entrypoint().ifPresent(e -> node.set("binary", binaryJson(e)));
      ArrayNode referrers = node.putArray("referrers");
      for (Descriptor r : p.referrers()) {
        referrers.addObject().put("artifactType", r.artifactType()).put("digest", r.digest().toString())
            .put("mediaType", r.mediaType()).put("size", r.size());
      }
      ArrayNode verdicts = node.putArray("verdicts");
      for (Verdict v : p.verdicts()) {
        verdicts.addObject().put("check", v.check().label()).put("ok", v.ok()).put("message", v.message());
      }
      node.put("ok", p.ok());
    }
    ArrayNode attested = root.putArray("attestations");
    for (Attestation a : attestations) {
      attested.addObject()
          .put("digest", a.digest())
          .put("mediaType", a.mediaType())
          .put("size", a.size())
          .put("refersTo", a.refersTo())
          .put("platform", a.forPlatform());
    }
    ArrayNode notesNode = root.putArray("notes");
    notes.forEach(notesNode::add);
    ArrayNode problemsNode = root.putArray("problems");
    problems().forEach(problemsNode::add);
    return root;
  }

  private static ObjectNode binaryJson(EntrypointFinding e) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("kind", e.kind().name().toLowerCase(Locale.ROOT));
    ArrayNode command = node.putArray("command");
    e.command().forEach(command::add);
    node.put("path", e.path());
    node.put("resolvedPath", e.resolvedPath());
    node.put("elfPath", e.elfPath());
    e.elf().ifPresent(h -> {
      node.put("elf", h.toString());
      node.put("architecture", h.architecture());
    });
    e.location().ifPresent(l -> {
      ObjectNode location = node.putObject("location");
      location.put("layer", l.layer());
      location.put("layerDigest", l.layerDigest());
      location.put("entry", l.entryName());
      location.put("size", l.size());
    });
    node.put("detail", e.detail());
    node.put("layersRead", e.layersRead());
    return node;
  }

  /** A table for a log: one row per platform, then the verdicts that failed and the notes. */
  public String table() {
    String nl = System.lineSeparator();
    StringBuilder out = new StringBuilder();
    out.append("Image ").append(source).append(nl);
    out.append("  ").append(describe(mediaType)).append(' ').append(digest).append(", ")
        .append(platforms.size()).append(platforms.size() == 1 ? " platform" : " platforms");
    if (!attestations.isEmpty()) {
      out.append(", ").append(attestations.size()).append(attestations.size() == 1 ? " attestation" : " attestations");
    }
    out.append(nl);
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"PLATFORM", "CONFIG", "MANIFEST", "TYPE", "SIZE", "CREATED", "USER", "COMMAND", "BINARY", "OK"});
    for (PlatformReport p : platforms) {
      EntrypointFinding e = p.entrypoint().orElse(null);
      rows.add(new String[] {
        p.platformText(),
        p.image().platformText(),
        shortDigest(p.manifest().digest().toString()),
        describe(p.manifest().mediaType()),
        humanSize(p.totalSize()),
        p.image().created().isEmpty() ? "-" : p.image().created(),
        p.image().user().isEmpty() ? "(root)" : p.image().user(),
        abbreviate(String.join(" ", p.image().command()), 40),
        e == null ? "not read" : binaryColumn(e),
        p.ok() ? "yes" : "NO"
      });
    }
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder("  ");
      for (int i = 0; i < row.length; i++) {
        line.append(i == row.length - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
      }
      out.append(line.toString().stripTrailing()).append(nl);
    }
    for (PlatformReport p : platforms) {
      p.entrypoint().ifPresent(e -> out.append("  ").append(p.platformText()).append(": ").append(e.detail())
          .append(" [").append(e.layersRead()).append(" of ").append(p.layers().size()).append(" layers read]").append(nl));
    }
    for (PlatformReport p : platforms) {
      for (Descriptor r : p.referrers()) {
        out.append("  ").append(p.platformText()).append(": attached ").append(r.artifactType().isEmpty() ? r.mediaType() : r.artifactType())
            .append(' ').append(r.digest()).append(nl);
      }
    }
    for (Attestation a : attestations) {
      out.append("  attestation ").append(a.digest())
          .append(a.refersTo().isEmpty() ? "" : " for " + (a.forPlatform().isEmpty() ? a.refersTo() : a.forPlatform()))
          .append(nl);
    }
    for (String note : notes) {
      out.append("  note: ").append(note).append(nl);
    }
    for (String problem : problems()) {
      out.append("  PROBLEM ").append(problem).append(nl);
    }
    return out.toString();
  }

  private static String binaryColumn(EntrypointFinding e) {
    String arch = e.architecture().orElse("");
    return switch (e.kind()) {
      case ELF -> "ELF " + arch;
      case SHELL_FORM -> "shell " + (arch.isEmpty() ? "(not ELF)" : arch);
      case SCRIPT -> "script " + (arch.isEmpty() ? "" : "via " + arch);
      default -> e.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ');
    };
  }

  static String describe(String mediaType) {
    return switch (MediaType.of(mediaType)) {
      case OCI_INDEX -> "OCI index";
      case DOCKER_LIST -> "Docker manifest list";
      case OCI_MANIFEST -> "OCI manifest";
      case DOCKER_MANIFEST -> "Docker manifest";
      default -> mediaType;
    };
  }

  private static String shortDigest(String digest) {
    return digest.length() > 19 ? digest.substring(0, 19) : digest;
  }

  private static String abbreviate(String text, int max) {
    return text.length() <= max ? (text.isEmpty() ? "-" : text) : text.substring(0, max - 3) + "...";
  }

  static String humanSize(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    if (bytes < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
    }
    return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
  }
}
