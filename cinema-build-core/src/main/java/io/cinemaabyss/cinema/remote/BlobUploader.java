package io.cinemaabyss.cinema.remote;

import io.cinemaabyss.cinema.BuildLog;
import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.oci.Platform;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Puts every platform's blobs into the target repository, several blobs at once (bounded), started
 * platform by platform; a blob the repository has is skipped, a blob of another repository of
 * the same registry is mounted when the registry allows, anything else is uploaded. A blob shared
 * by two platforms is sent once. After the first failure no new blob is started.
 */
final class BlobUploader {

  /**
   * One blob to put into the target repository.
   *
   * @param content the bytes, opened only when the blob has to be uploaded
   * @param mountFrom a repository of the target's registry that may hold the blob
   */
  record BlobSource(String digest, long size, String kind, Supplier<InputStream> content, Optional<String> mountFrom) {}

  record PlatformBlobs(Platform platform, List<BlobSource> blobs) {}

  private final RegistryHttp client;
  private final int parallelism;
  private final BuildLog log;
  private final PushListener listener;
  private final PushProgress progress;
  private final ConcurrentHashMap<String, CompletableFuture<Void>> started = new ConcurrentHashMap<>();
  private final List<BlobPush> pushed = Collections.synchronizedList(new ArrayList<>());
  private final AtomicReference<Failure> failure = new AtomicReference<>();

  private record Failure(String step, CinemaException error) {}

  BlobUploader(RegistryHttp client, int parallelism, BuildLog log, PushListener listener, PushProgress progress) {
    this.client = client;
    this.parallelism = Math.max(1, parallelism);
    this.log = log;
    this.listener = listener;
    this.progress = progress;
  }

  /**
   * Uploads all blobs and returns what happened to each: every blob is a task of one pool of
   * {@code parallelism} threads, started in the order given (platform by platform, config first),
   * so a push is not held up by the platform with the most layers.
   *
   * @throws PushFailedException after the first failure, once running uploads have ended
   */
  List<BlobPush> upload(List<PlatformBlobs> platforms) {
    int total = platforms.stream().mapToInt(p -> p.blobs().size()).sum();
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, Math.max(1, total)));
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (PlatformBlobs platform : platforms) {
        AtomicInteger left = new AtomicInteger(platform.blobs().size());
        if (platform.blobs().isEmpty()) {
          listener.platformBlobsPushed(platform.platform());
        }
        for (BlobSource blob : platform.blobs()) {
          futures.add(pool.submit(() -> {
            if (uploadBlob(platform.platform(), blob) && left.decrementAndGet() == 0) {
              listener.platformBlobsPushed(platform.platform());
            }
          }));
        }
      }
      for (Future<?> future : futures) {
        try {
          future.get();
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          fail("uploading blobs", cause instanceof CinemaException c ? c : new CinemaException(String.valueOf(cause), cause));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail("uploading blobs", new CinemaException("interrupted", e));
    } finally {
      pool.shutdownNow();
    }
    Failure first = failure.get();
    if (first != null) {
      throw progress.failed(first.step(), first.error());
    }
    synchronized (pushed) {
      return List.copyOf(pushed);
    }
  }

  /** One blob; false when it was not sent because this or another blob failed. */
  private boolean uploadBlob(Platform platform, BlobSource blob) {
    if (failure.get() != null) {
      return false;
    }
    String step = "uploading " + platform + " " + blob.kind() + " " + blob.digest();
    try {
      BlobPush result = uploadOnce(platform, blob);
      progress.blobPushed(platform, blob.digest());
      pushed.add(result);
      log.info(result.describe());
      listener.blobPushed(result);
      return true;
    } catch (CinemaException e) {
      fail(step, e);
    } catch (RuntimeException e) {
      fail(step, new CinemaException(e.toString(), e));
    }
    return false;
  }

  /** Sends the blob, or waits for the platform already sending the same digest. */
  private BlobPush uploadOnce(Platform platform, BlobSource blob) {
    long start = System.nanoTime();
    CompletableFuture<Void> mine = new CompletableFuture<>();
    CompletableFuture<Void> other = started.putIfAbsent(blob.digest(), mine);
    if (other != null) {
      try {
        other.join();
      } catch (java.util.concurrent.CompletionException e) {
        throw new CinemaException("the same blob failed for another platform", e.getCause());
      }
      return new BlobPush(platform, blob.digest(), blob.kind(), BlobPush.Outcome.SKIPPED, blob.size(), elapsed(start));
    }
    try {
      BlobPush.Outcome outcome = send(blob);
      mine.complete(null);
      return new BlobPush(platform, blob.digest(), blob.kind(), outcome, blob.size(), elapsed(start));
    } catch (RuntimeException e) {
      mine.completeExceptionally(e);
      throw e;
    }
  }

  private BlobPush.Outcome send(BlobSource blob) {
    if (client.hasBlob(blob.digest())) {
      return BlobPush.Outcome.SKIPPED;
    }
    RegistryHttp.Upload upload = client.uploadBlob(blob.digest(), blob.size(), blob.content(), blob.mountFrom());
    if (upload.resumes() > 0) {
      log.info("Upload of " + BlobPush.shortDigest(blob.digest()) + " resumed " + upload.resumes() + " time(s) from the registry's offset");
    }
    return upload.outcome();
  }

  private void fail(String step, CinemaException error) {
    failure.compareAndSet(null, new Failure(step, error));
  }

  private static long elapsed(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }
}
