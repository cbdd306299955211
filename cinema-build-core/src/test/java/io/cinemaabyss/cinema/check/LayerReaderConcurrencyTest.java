package io.cinemaabyss.cinema.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Layers read at once on several threads (verify of two modules under mvn -T 2) each read
 * whole and right: the tar library skips file content through a buffer shared by all threads,
 * which once corrupted the gzip CRC of whichever layer was being read next to another.
 */
class LayerReaderConcurrencyTest {

  @ParameterizedTest(name = "gzip={0}")
  @ValueSource(booleans = {true, false})
  void layersReadOnManyThreadsAtOnceAllReadWhole(boolean gzipped) throws Exception {
    Random random = new Random(17);
    SyntheticLayers.Tar tar = new SyntheticLayers.Tar(gzipped).dir("bin");
    for (int i = 0; i < 4; i++) {
      byte[] content = new byte[512 * 1024 + i];
      random.nextBytes(content);
      tar.file("bin/blob" + i, content);
    }
    tar.file("bin/app", SyntheticLayers.ARM64);
    byte[] layer = tar.bytes();

    int threads = 4;
    int rounds = 15;
    CyclicBarrier start = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<List<String>>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        results.add(pool.submit(() -> {
          start.await();
          List<String> failures = new ArrayList<>();
          for (int r = 0; r < rounds; r++) {
            AtomicInteger entries = new AtomicInteger();
            try {
              LayerReader.read(new ByteArrayInputStream(layer), "sha256:shared", e -> entries.incrementAndGet());
              if (entries.get() != 6) {
                failures.add("round " + r + " saw " + entries.get() + " entries");
              }
            } catch (RuntimeException e) {
              failures.add("round " + r + ": " + e.getMessage());
            }
          }
          return failures;
        }));
      }
      for (Future<List<String>> result : results) {
        assertThat(result.get()).isEmpty();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
