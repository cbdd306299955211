package io.cinemaabyss.cinema.remote;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Bounds the silence of a registry in the middle of a body, where {@code java.net.http}'s request
 * timeout does not reach: a response body that stops arriving ({@link Body}), and a request body
 * the registry stops taking ({@link Watched}).
 */
final class Silence {

  private Silence() {}

  /**
   * A response body as an {@link InputStream} whose read fails with {@link HttpTimeoutException}
   * ("No answer from ...") when no bytes arrive for {@code limit}.
   */
  static final class Body implements HttpResponse.BodySubscriber<InputStream> {
    private static final List<ByteBuffer> END = List.of();

    private final Duration limit;
    private final Supplier<String> message;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private volatile Flow.Subscription subscription;
    private final Stream stream = new Stream();

    /** @param message what the timeout says, such as "No answer from HOST for 30 s to read the blob ..." */
    Body(Duration limit, Supplier<String> message) {
      this.limit = limit;
      this.message = message;
    }

    @Override
    public CompletionStage<InputStream> getBody() {
      return CompletableFuture.completedStage(stream);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
      queue.add(item);
    }

    @Override
    public void onError(Throwable t) {
      queue.add(t);
    }

    @Override
    public void onComplete() {
      queue.add(END);
    }

    private final class Stream extends InputStream {
      private Iterator<ByteBuffer> buffers = List.<ByteBuffer>of().iterator();
      private ByteBuffer current;
      private boolean done;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
          return 0;
        }
        while (current == null || !current.hasRemaining()) {
          if (buffers.hasNext()) {
            current = buffers.next();
            continue;
          }
          if (done) {
            return -1;
          }
          next();
        }
        int n = Math.min(len, current.remaining());
        current.get(b, off, n);
        return n;
      }

      private void next() throws IOException {
        Object item;
        try {
          item = queue.poll(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", e);
        }
        if (item == null) {
          cancel();
          done = true;
          throw new HttpTimeoutException(message.get());
        }
        if (item instanceof Throwable t) {
          done = true;
          throw t instanceof IOException io ? io : new IOException(t);
        }
        @SuppressWarnings("unchecked")
        List<ByteBuffer> list = (List<ByteBuffer>) item;
        if (list == END) {
          done = true;
          return;
        }
        buffers = list.iterator();
        subscription.request(1);
      }

      @Override
      public void close() {
        if (!done) {
          done = true;
          cancel();
        }
      }

      private void cancel() {
        Flow.Subscription s = subscription;
        if (s != null) {
          s.cancel();
        }
      }
    }
  }

  /** A request body that notes when the HTTP client last took bytes of it. */
  static final class Watched implements HttpRequest.BodyPublisher {
    private final HttpRequest.BodyPublisher body;
    private volatile long lastProgress = System.nanoTime();

    Watched(HttpRequest.BodyPublisher body) {
      this.body = body;
    }

    /** How long since the client last took bytes (or since the request started). */
    Duration quietFor() {
      return Duration.ofNanos(System.nanoTime() - lastProgress);
    }

    /** Marks progress that is not body bytes, such as the start of an attempt. */
    void touch() {
      lastProgress = System.nanoTime();
    }

    @Override
    public long contentLength() {
      return body.contentLength();
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
      body.subscribe(new Flow.Subscriber<ByteBuffer>() {
        @Override
        public void onSubscribe(Flow.Subscription s) {
          touch();
          subscriber.onSubscribe(s);
        }

        @Override
        public void onNext(ByteBuffer item) {
          touch();
          subscriber.onNext(item);
        }

        @Override
        public void onError(Throwable t) {
          subscriber.onError(t);
        }

        @Override
        public void onComplete() {
          touch();
          subscriber.onComplete();
        }
      });
    }
  }
}
