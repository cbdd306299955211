package io.cinemaabyss.cinema.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A real TCP proxy in front of a real registry that injects faults into chosen HTTP/1.1
 * requests: a status (500, 429 with Retry-After...), a connection reset after part of a request
 * body, silence, a redirect, a replaced body, a Basic auth gate. Every request is recorded. Each
 * connection serves one request ({@code Connection: close}), so faults hit exactly one request.
 */
public final class FaultProxy implements AutoCloseable {

  /** One request as the proxy saw it. */
  public record Seen(String method, String path, Map<String, String> headers, String fault, long nanos) {
    public boolean hasAuthorization() {
      return headers.containsKey("authorization");
    }
  }

  /** What to do to a matching request. */
  public sealed interface Fault {}

  public record Status(int code, Map<String, String> headers, byte[] body) implements Fault {}

  public record ResetAfter(long bodyBytes) implements Fault {}

  public record Stall() implements Fault {}

  /** Forwards the request head and {@code bodyBytes} of its body, then stops reading and never answers. */
  public record StallUpload(long bodyBytes) implements Fault {}

  /** Forwards the request, passes the answer's head and {@code bodyBytes} of its body, then goes silent. */
  public record StallAnswer(long bodyBytes) implements Fault {}

  private record Rule(Predicate<Seen> match, Fault fault, AtomicInteger skip, AtomicInteger left) {}

  private final ServerSocket server;
  private final String upstreamHost;
  private final int upstreamPort;
  private final List<Rule> rules = Collections.synchronizedList(new ArrayList<>());
  private final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
  private final List<Socket> open = Collections.synchronizedList(new ArrayList<>());
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "fault-proxy");
    t.setDaemon(true);
    return t;
  });
  private final CountDownLatch closed = new CountDownLatch(1);
  private final Map<String, AtomicLong> forwardedBodyBytes = new java.util.concurrent.ConcurrentHashMap<>();
  private volatile double randomRate;
  private volatile Random random = new Random(17);
  private volatile String basicAuth;

  private FaultProxy(ServerSocket server, String upstream) {
    this.server = server;
    int colon = upstream.lastIndexOf(':');
    this.upstreamHost = upstream.substring(0, colon);
    this.upstreamPort = Integer.parseInt(upstream.substring(colon + 1));
    pool.submit(this::acceptLoop);
  }

  /** A proxy on a free loopback port in front of {@code upstream} (host:port). */
  public static FaultProxy to(String upstream) {
    return on("127.0.0.1", upstream);
  }

  /** A proxy listening on {@code bindAddress} (such as a non-loopback address of this host). */
  public static FaultProxy on(String bindAddress, String upstream) {
    try {
      ServerSocket socket = new ServerSocket();
      socket.bind(new InetSocketAddress(InetAddress.getByName(bindAddress), 0));
      return new FaultProxy(socket, upstream);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Runs a proxy as its own process, for ITs: {@code FaultProxy UPSTREAM RATE SECONDS PORTFILE} puts a proxy
   * in front of UPSTREAM (host:port) that answers RATE of all requests with a random 5xx, writes its port
   * (and its pid) to PORTFILE and to stdout, and exits after SECONDS (so a build that dies before stopping it leaves nothing behind).
   */
  public static void main(String[] args) throws Exception {
    FaultProxy proxy = to(args[0]).randomServerErrors(Double.parseDouble(args[1]), 17);
    java.nio.file.Path portFile = java.nio.file.Path.of(args[3]);
    java.nio.file.Path stats = java.nio.file.Path.of(args[3] + ".stats");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        java.nio.file.Files.writeString(stats, proxy.seen().size() + " " + proxy.faults() + "\n");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }));
    java.nio.file.Files.writeString(portFile, proxy.port() + " " + ProcessHandle.current().pid() + "\n");
    System.out.println(proxy.port() + " " + ProcessHandle.current().pid());
    System.out.flush();
    proxy.closed.await(Long.parseLong(args[2]), java.util.concurrent.TimeUnit.SECONDS);
    proxy.close();
  }

  public int port() {
    return server.getLocalPort();
  }

  /** host:port of the proxy on the loopback address. */
  public String address() {
    return "127.0.0.1:" + port();
  }

  /** Applies {@code fault} to the requests {@code match} selects, after skipping {@code skip} of them, {@code times} times. */
  public FaultProxy inject(Predicate<Seen> match, int skip, int times, Fault fault) {
    rules.add(new Rule(match, fault, new AtomicInteger(skip), new AtomicInteger(times)));
    return this;
  }

  public FaultProxy inject(Predicate<Seen> match, int times, Fault fault) {
    return inject(match, 0, times, fault);
  }

  /** A 5xx (500, 502, 503 or 504) for this share of all requests, from a fixed seed. */
  public FaultProxy randomServerErrors(double rate, long seed) {
    this.random = new Random(seed);
    this.randomRate = rate;
    return this;
  }

  /** Answers 401 with a Basic challenge to requests without these credentials. */
  public FaultProxy requireBasic(String user, String password) {
    this.basicAuth = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return this;
  }

  public static Status status(int code, String... headerPairs) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 0; i + 1 < headerPairs.length; i += 2) {
      headers.put(headerPairs[i], headerPairs[i + 1]);
    }
    return new Status(code, headers, new byte[0]);
  }

  public static Status body(byte[] body) {
    return new Status(200, Map.of("Content-Type", "application/octet-stream"), body);
  }

  public static Predicate<Seen> request(String method, String pathPart) {
    return s -> s.method().equals(method) && s.path().contains(pathPart);
  }

  public List<Seen> seen() {
    synchronized (seen) {
      return List.copyOf(seen);
    }
  }

  public long count(String method, String pathPart) {
    return seen().stream().filter(request(method, pathPart)).count();
  }

  /** Request body bytes of {@code method} requests that reached the registry (a reset request counts what got through). */
  public long forwardedBodyBytes(String method) {
    AtomicLong n = forwardedBodyBytes.get(method);
    return n == null ? 0 : n.get();
  }

  public long faults() {
    return seen().stream().filter(s -> !s.fault().isEmpty()).count();
  }

  @Override
  public void close() {
    closed.countDown();
    try {
      server.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    synchronized (open) {
      open.forEach(FaultProxy::quietClose);
    }
    pool.shutdownNow();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        open.add(client);
        pool.submit(() -> serve(client));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      InputStream in = client.getInputStream();
      String head = readHead(in);
      if (head == null) {
        return;
      }
      String[] lines = head.split("\r\n");
      String[] requestLine = lines[0].split(" ");
      Map<String, String> headers = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon > 0) {
          headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
      }
      long length = Long.parseLong(headers.getOrDefault("content-length", "0"));
      Seen request = new Seen(requestLine[0], requestLine[1], headers, "", System.nanoTime());
      Fault fault = choose(request);
      if (fault == null && basicAuth != null && !basicAuth.equals(headers.get("authorization"))) {
        fault = status(401, "WWW-Authenticate", "Basic realm=\"fault-proxy\"");
      }
      seen.add(new Seen(request.method(), request.path(), headers, fault == null ? "" : fault.toString(), request.nanos()));
      if (fault instanceof Status s) {
        in.skipNBytes(length);
        respond(client.getOutputStream(), s);
      } else if (fault instanceof Stall) {
        in.skipNBytes(length);
        closed.await();
      } else if (fault instanceof StallUpload stall) {
        forward(client, head, in, length, stall.bodyBytes(), -1, request.method(), true);
      } else {
        forward(client, head, in, length, fault instanceof ResetAfter r ? r.bodyBytes() : -1,
            fault instanceof StallAnswer a ? a.bodyBytes() : -1, request.method(), false);
      }
    } catch (IOException | InterruptedException e) {
      // the client went away or the test ended
    } finally {
      open.remove(client);
    }
  }

  private Fault choose(Seen request) {
    synchronized (rules) {
      for (Rule rule : rules) {
        if (rule.match().test(request)) {
          if (rule.skip().getAndDecrement() > 0) {
            continue;
          }
          if (rule.left().getAndDecrement() > 0) {
            return rule.fault();
          }
        }
      }
    }
    if (randomRate > 0) {
      synchronized (this) {
        if (random.nextDouble() < randomRate) {
          return status(new int[] {500, 502, 503, 504}[random.nextInt(4)]);
        }
      }
    }
    return null;
  }

  private void forward(Socket client, String head, InputStream in, long length, long resetAfter, long answerBytes, String method, boolean stall)
      throws IOException, InterruptedException {
    try (Socket upstream = new Socket(upstreamHost, upstreamPort)) {
      open.add(upstream);
      OutputStream up = upstream.getOutputStream();
      StringBuilder rewritten = new StringBuilder();
      for (String line : head.split("\r\n")) {
        if (!line.toLowerCase(Locale.ROOT).startsWith("connection:") && !line.toLowerCase(Locale.ROOT).startsWith("authorization:")) {
          rewritten.append(line).append("\r\n");
        }
      }
      rewritten.append("Connection: close\r\n\r\n");
      up.write(rewritten.toString().getBytes(StandardCharsets.ISO_8859_1));
      long toSend = resetAfter >= 0 ? Math.min(resetAfter, length) : length;
      copy(in, up, toSend);
      up.flush();
      forwardedBodyBytes.computeIfAbsent(method, m -> new AtomicLong()).addAndGet(toSend);
      if (stall) {
        closed.await(); // reads no more of the body and never answers
        return;
      }
      if (resetAfter >= 0) {
        client.setSoLinger(true, 0);
        upstream.setSoLinger(true, 0);
        return; // both sockets closed at once, mid-body: a reset on each side
      }
      if (answerBytes >= 0) {
        InputStream answer = upstream.getInputStream();
        String answerHead = readHead(answer);
        client.getOutputStream().write((answerHead + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        copy(answer, client.getOutputStream(), answerBytes);
        client.getOutputStream().flush();
        closed.await(); // the rest of the answer never comes
        return;
      }
      upstream.getInputStream().transferTo(client.getOutputStream());
    } finally {
      client.getOutputStream().flush();
    }
  }

  private static void copy(InputStream in, OutputStream out, long n) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long left = n;
    while (left > 0) {
      int r = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (r < 0) {
        throw new IOException("request body ended early");
      }
      out.write(buffer, 0, r);
      left -= r;
    }
  }

  private static void respond(OutputStream out, Status s) throws IOException {
    StringBuilder head = new StringBuilder("HTTP/1.1 " + s.code() + " Fault\r\n");
    s.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    head.append("Content-Length: ").append(s.body().length).append("\r\nConnection: close\r\n\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.write(s.body());
    out.flush();
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int state = 0;
    while (state < 4) {
      int b = in.read();
      if (b < 0 || (head.size() == 0 && b == 0x16)) {
        return null; // gone, or a TLS handshake (a client probing HTTPS): closed at once, as a plain-HTTP server does
      }
      head.write(b);
      state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : (b == '\r' ? 1 : 0);
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    return text.substring(0, text.length() - 4);
  }

  private static void quietClose(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
