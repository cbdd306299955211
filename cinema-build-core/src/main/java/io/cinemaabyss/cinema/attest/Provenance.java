package io.cinemaabyss.cinema.attest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cinemaabyss.cinema.CinemaVersion;
import io.cinemaabyss.cinema.json.Json;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An in-toto v1 statement with a SLSA v1 provenance predicate for one platform image: who built it
 * (cinema-build and its version), with which parameters, from which source (git URL and commit,
 * dirty or clean), from which base images. No clock, host or user in it: the same build gives the
 * same bytes.
 */
public final class Provenance {

  public static final String MEDIA_TYPE = "application/vnd.in-toto+json";
  public static final String BUILD_TYPE = "https://cinemaabyss.io/cinema-build/go/v1";
  public static final String BUILDER_ID = "https://github.com/cinemaabyss/cinema-build";

  private Provenance() {}

  /** The source tree a build read. */
  public record Source(String url, String commit, boolean dirty) {}

  /**
   * What the user asked for: the parameters that decide the bytes.
   *
   * @param parameters the platforms, Go version, ldflags, tags, main package and the like, by name
   */
  public record Build(Map<String, Object> parameters, Optional<Source> source, List<BuiltBinary.BaseImage> bases, Instant created) {
    public Build {
      parameters = new TreeMap<>(parameters);
      bases = List.copyOf(bases);
    }
  }

  /** The statement for the image {@code name} whose platform manifest has {@code manifestDigest}. */
  public static byte[] of(String name, String manifestDigest, Build build) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode statement = f.objectNode();
    statement.put("_type", "https://in-toto.io/Statement/v1");
    ObjectNode subject = statement.putArray("subject").addObject();
    subject.put("name", name);
    subject.putObject("digest").put("sha256", hex(manifestDigest));
    statement.put("predicateType", "https://slsa.dev/provenance/v1");
    ObjectNode predicate = statement.putObject("predicate");
    ObjectNode definition = predicate.putObject("buildDefinition");
    definition.put("buildType", BUILD_TYPE);
    definition.set("externalParameters", Json.tree(build.parameters()));
    // the image's creation time (SOURCE_DATE_EPOCH or the commit), not the clock: the statement is reproducible
    definition.putObject("internalParameters")
        .put("created", DateTimeFormatter.ISO_INSTANT.format(build.created().truncatedTo(ChronoUnit.SECONDS)));
    ArrayNode resolved = definition.putArray("resolvedDependencies");
    build.source().ifPresent(s -> {
      ObjectNode git = resolved.addObject();
      git.put("uri", "git+" + s.url() + "@" + s.commit());
      git.putObject("digest").put("gitCommit", s.commit());
      git.putObject("annotations").put("dirty", s.dirty());
    });
    for (BuiltBinary.BaseImage base : build.bases()) {
      ObjectNode b = resolved.addObject();
      b.put("uri", base.name());
      b.putObject("digest").put("sha256", hex(base.digest()));
    }
    ObjectNode run = predicate.putObject("runDetails");
    ObjectNode builder = run.putObject("builder");
    builder.put("id", BUILDER_ID + "@" + CinemaVersion.get());
    builder.putObject("version").put("cinema-build", CinemaVersion.get());
    return Json.bytes(statement);
  }

  private static String hex(String digest) {
    return digest.startsWith("sha256:") ? digest.substring("sha256:".length()) : digest;
  }
}
