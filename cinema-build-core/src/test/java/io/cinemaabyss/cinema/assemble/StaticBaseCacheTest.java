package io.cinemaabyss.cinema.assemble;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in static base kept between builds: the same bytes as one made afresh, made again when an input or the cache changes. */
class StaticBaseCacheTest {

  @TempDir Path dir;

  private Path ca;
  private Path zoneinfo;
  private Path cache;

  private void inputs() throws IOException {
    ca = Files.writeString(dir.resolve("ca-certificates.crt"), "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
    zoneinfo = Files.createDirectories(dir.resolve("zoneinfo"));
    Files.createDirectories(zoneinfo.resolve("Europe"));
    Files.writeString(zoneinfo.resolve("Europe/Paris"), "TZif2 paris");
    Files.writeString(zoneinfo.resolve("UTC"), "TZif2 utc");
    Files.createSymbolicLink(zoneinfo.resolve("Zulu"), Path.of("UTC"));
    cache = dir.resolve("cache");
  }

  @Test
  void aCachedBaseIsTheSameBytesAsOneMadeAfresh() throws IOException {
    inputs();
    StaticBase fresh = StaticBase.of(ca, zoneinfo);
    StaticBase first = StaticBase.cached(ca, zoneinfo, cache);
    assertThat(cacheFiles()).hasSize(2);
    StaticBase second = StaticBase.cached(ca, zoneinfo, cache);
    assertThat(List.of(first.digest(), second.digest())).containsOnly(fresh.digest());
    assertThat(second.layer()).isEqualTo(fresh.layer());
    assertThat(second.inputs()).isEqualTo(fresh.inputs());
  }

  @Test
  void anInputThatChangesMakesTheBaseAgain() throws IOException {
    inputs();
    String before = StaticBase.cached(ca, zoneinfo, cache).digest();
    Files.writeString(ca, "-----BEGIN CERTIFICATE-----\nMIIC+another\n-----END CERTIFICATE-----\n");
    StaticBase after = StaticBase.cached(ca, zoneinfo, cache);
    assertThat(after.digest()).isNotEqualTo(before).isEqualTo(StaticBase.of(ca, zoneinfo).digest());
    Files.writeString(zoneinfo.resolve("Europe/Berlin"), "TZif2 berlin");
    assertThat(StaticBase.cached(ca, zoneinfo, cache).digest()).isNotEqualTo(after.digest()).isEqualTo(StaticBase.of(ca, zoneinfo).digest());
  }

  @Test
  void aDamagedCacheEntryIsNeverUsed() throws IOException {
    inputs();
    String digest = StaticBase.cached(ca, zoneinfo, cache).digest();
    Path layer = cacheFiles().stream().filter(p -> p.toString().endsWith(".tar.gz")).findFirst().orElseThrow();
    Files.write(layer, "not the layer".getBytes(StandardCharsets.UTF_8));
    assertThat(StaticBase.cached(ca, zoneinfo, cache).digest()).isEqualTo(digest);
    assertThat(Files.readAllBytes(layer)).as("the entry is made again").isEqualTo(StaticBase.of(ca, zoneinfo).layer());
  }

  private List<Path> cacheFiles() throws IOException {
    try (Stream<Path> files = Files.list(cache)) {
      return files.sorted().toList();
    }
  }
}
