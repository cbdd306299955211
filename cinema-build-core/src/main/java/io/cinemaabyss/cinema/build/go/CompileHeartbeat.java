package io.cinemaabyss.cinema.build.go;

import io.cinemaabyss.cinema.BuildLog;
import io.cinemaabyss.cinema.oci.Platform;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * While platforms compile, says every interval how long each has been running, in one line of the
 * build log ("still compiling: linux/amd64 12 s, linux/arm64 12 s"), so a long compile is not
 * mistaken for a hang. Closing it stops the timer.
 */
final class CompileHeartbeat implements AutoCloseable {

  static final Duration INTERVAL = Duration.ofSeconds(10);

  private final BuildLog log;
  private final LongSupplier nanoTime;
  private final Map<Platform, Long> running = new LinkedHashMap<>();
  private final Optional<ScheduledExecutorService> timer;
  private final Optional<Thread> thread;

  /** Beats only when {@link #beat()} is called, with {@code nanoTime} as the clock. */
  CompileHeartbeat(BuildLog log, LongSupplier nanoTime) {
    this(log, nanoTime, Optional.empty(), Optional.empty());
  }

  private CompileHeartbeat(BuildLog log, LongSupplier nanoTime, Optional<ScheduledExecutorService> timer, Optional<Thread> thread) {
    this.log = log;
    this.nanoTime = nanoTime;
    this.timer = timer;
    this.thread = thread;
  }

  /** Beats every {@code interval} on a thread of its own until closed. */
  static CompileHeartbeat every(Duration interval, BuildLog log) {
    AtomicReference<Thread> started = new AtomicReference<>();
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "cinema-go-heartbeat");
      thread.setDaemon(true);
      started.set(thread);
      return thread;
    });
    timer.submit(() -> {}); // starts the one thread now, so close() can wait for it to end
    CompileHeartbeat heartbeat = new CompileHeartbeat(log, System::nanoTime, Optional.of(timer), Optional.ofNullable(started.get()));
    timer.scheduleAtFixedRate(heartbeat::beat, interval.toNanos(), interval.toNanos(), TimeUnit.NANOSECONDS);
    return heartbeat;
  }

  synchronized void started(Platform platform) {
    running.put(platform, nanoTime.getAsLong());
  }

  synchronized void finished(Platform platform) {
    running.remove(platform);
  }

  /** Logs the running platforms with their elapsed seconds; nothing when none runs. */
  void beat() {
    String line;
    synchronized (this) {
      if (running.isEmpty()) {
        return;
      }
      long now = nanoTime.getAsLong();
      line = running.entrySet().stream()
          .map(e -> e.getKey() + " " + TimeUnit.NANOSECONDS.toSeconds(now - e.getValue()) + " s")
          .collect(Collectors.joining(", "));
    }
    log.info("still compiling: " + line);
  }

  /** Stops the timer and waits for its thread to end, so nothing is logged after the compile. */
  @Override
  public void close() {
    timer.ifPresent(ScheduledExecutorService::shutdownNow);
    try {
      if (thread.isPresent()) {
        thread.get().join(TimeUnit.SECONDS.toMillis(10));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
