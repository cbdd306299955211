package io.cinemaabyss.cinema.remote;

import io.cinemaabyss.cinema.oci.Digest;
import static io.cinemaabyss.cinema.testing.FaultProxy.request;
import static io.cinemaabyss.cinema.testing.FaultProxy.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cinemaabyss.cinema.BuildLog;
import io.cinemaabyss.cinema.assemble.BuildResult;
import io.cinemaabyss.cinema.json.Json;
import io.cinemaabyss.cinema.store.BlobDigestMismatchException;
import io.cinemaabyss.cinema.testing.FaultProxy;
import io.cinemaabyss.cinema.testing.MoviesServiceImages;
import io.cinemaabyss.cinema.testing.TestServices;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reliability and security rows of docs/reliability.md: pushes and reads through {@link FaultProxy}
 * in front of the real plain-HTTP registry, each fault injected into real HTTP traffic.
 */
class FaultSuiteTest {

  private static String registry;
  private static BuildResult image;

  private final List<String> log = Collections.synchronizedList(new ArrayList<>());
  private FaultProxy proxy;

  @BeforeAll
  static void buildOnce() {
    registry = TestServices.registry();
    image = MoviesServiceImages.scratch();
  }

  @AfterEach
  void closeProxy() {
    if (proxy != null) {
      proxy.close();
    }
  }

  private static RegistryOptions fast() {
    return RegistryOptions.defaults().allowInsecure(true).backoff(Duration.ofMillis(20), Duration.ofSeconds(3));
  }

  private PushResult push(RegistryOptions options, String repository, String tag) {
    return pusher(options).push(image.layout(), MoviesServiceImages.TAG, RegistryAccess.parse(proxy.address() + "/" + repository + ":" + tag), List.of());
  }

  private ImagePusher pusher(RegistryOptions options) {
    return new ImagePusher(new RegistryAccess(options, e -> log.add(e.getMessage())), RegistryCredentials.none(), BuildLog.of(log::add)).parallelism(1);
  }

  private static String repo(String name) {
    return "faults/" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** The index the registry itself (not the proxy) holds under {@code tag}. */
  private static String digestAt(String repository, String tag) {
    var http = new RegistryAccess(true, e -> {}).http(RegistryAccess.parse(registry + "/" + repository + ":" + tag), RegistryCredentials.none(), false);
    return http.manifest(tag).map(m -> m.digest().toString()).orElse("none");
  }

  @Test
  void transientServerErrorsAndResetsOnBlobsAndManifestsAreRetried() {
    proxy = FaultProxy.to(registry)
        .inject(request("HEAD", "/blobs/"), 1, status(503))
        .inject(request("PATCH", "/blobs/uploads/"), 1, status(500))
        .inject(request("PATCH", "/blobs/uploads/"), 1, new FaultProxy.ResetAfter(0))
        .inject(request("PUT", "/manifests/sha256:"), 1, status(502))
        .inject(request("PUT", "/manifests/1.0"), 1, status(504));
    String repository = repo("transient");

    PushResult result = push(fast(), repository, "1.0");

    assertThat(result.digest()).isEqualTo(image.index().digest());
    assertThat(proxy.faults()).isEqualTo(5);
    assertThat(digestAt(repository, "1.0")).isEqualTo(image.index().digest().toString());
  }

  /**
   * Distribution 2.8 (Debian's registry) deletes an upload session whose PATCH broke off (the
   * session answers 404), so there the client asks the session's offset, finds none, and sends the
   * blob again in a new session; a registry that keeps the session gets a PATCH from its offset.
   */
  @Test
  void aBlobResetPartWayAsksTheSessionsOffsetThenStartsOverWhereTheRegistryDroppedIt() {
    proxy = FaultProxy.to(registry).inject(
        s -> s.method().equals("PATCH") && Long.parseLong(s.headers().getOrDefault("content-length", "0")) > 1_000_000, 1,
        new FaultProxy.ResetAfter(512 * 1024));
    String repository = repo("resume");

    PushResult result = push(fast(), repository, "1.0");

    assertThat(digestAt(repository, "1.0")).isEqualTo(result.digest().toString());
    assertThat(proxy.faults()).isEqualTo(1);
    assertThat(proxy.count("GET", "/blobs/uploads/")).as("the upload session's offset was asked for").isEqualTo(1);
    assertThat(proxy.count("POST", "/blobs/uploads/")).as("one session per blob, and one more for the blob that broke off")
        .isEqualTo(result.blobs().uploaded() + 1);
    assertThat(result.blobs().uploaded()).isEqualTo(4 + 7); // the images' blobs, then the SBOMs' and provenance's
  }

  private static final long CHUNK = 256 * 1024;

  private static java.util.function.Predicate<FaultProxy.Seen> chunkAt(long offset) {
    return s -> s.method().equals("PATCH") && s.headers().getOrDefault("content-range", "").startsWith(offset + "-");
  }

  private static String session(FaultProxy.Seen s) {
    int q = s.path().indexOf('?');
    return q < 0 ? s.path() : s.path().substring(0, q);
  }

  /**
   * A blob over the chunk size goes in PATCH chunks; the third chunk's connection is reset before
   * its body reaches the registry, which keeps the session: the client asks the session's offset
   * and the next PATCH starts there, so no byte goes through the proxy twice.
   */
  @Test
  void aChunkResetResumesAtTheRegistrysOffsetAndSendsNoByteTwice() {
    proxy = FaultProxy.to(registry).inject(chunkAt(2 * CHUNK), 1, new FaultProxy.ResetAfter(0));
    String repository = repo("chunk-resume");

    PushResult result = push(fast().chunkSize(CHUNK), repository, "1.0");

    assertThat(digestAt(repository, "1.0")).isEqualTo(result.digest().toString());
    List<FaultProxy.Seen> seen = proxy.seen();
    int reset = java.util.stream.IntStream.range(0, seen.size()).filter(i -> !seen.get(i).fault().isEmpty()).findFirst().orElseThrow();
    String upload = session(seen.get(reset));
    List<FaultProxy.Seen> after = seen.subList(reset + 1, seen.size()).stream().filter(s -> session(s).equals(upload)).toList();
    assertThat(after.get(0).method()).as("the session's offset is asked for").isEqualTo("GET");
    assertThat(after.get(1).method()).isEqualTo("PATCH");
    assertThat(after.get(1).headers().get("content-range")).as("the next PATCH starts at the registry's offset").startsWith(2 * CHUNK + "-");
    assertThat(proxy.forwardedBodyBytes("PATCH")).as("bytes through the proxy: each uploaded blob once").isEqualTo(result.blobs().uploadedBytes());
    assertThat(proxy.count("POST", "/blobs/uploads/")).as("no new session").isEqualTo(result.blobs().uploaded());
    assertThat(log).anyMatch(l -> l != null && l.contains("resumed 1 time(s) from the registry's offset"));
  }

  /**
   * Distribution 2.8 drops a session whose PATCH body arrived in part (its size no longer matches
   * the session state): the client finds no session and sends that blob again in a new one.
   */
  @Test
  void aChunkResetPartWayStartsTheBlobOverWhereTheRegistryDroppedTheSession() {
    proxy = FaultProxy.to(registry).inject(chunkAt(2 * CHUNK), 1, new FaultProxy.ResetAfter(100_000));
    String repository = repo("chunk-dropped");

    PushResult result = push(fast().chunkSize(CHUNK), repository, "1.0");

    assertThat(digestAt(repository, "1.0")).isEqualTo(result.digest().toString());
    assertThat(proxy.count("GET", "/blobs/uploads/")).as("the session's offset was asked for").isEqualTo(1);
    assertThat(proxy.count("POST", "/blobs/uploads/")).as("one more session for the blob that broke off").isEqualTo(result.blobs().uploaded() + 1);
    assertThat(proxy.forwardedBodyBytes("PATCH")).as("the two chunks before, and the part of the third, again")
        .isEqualTo(result.blobs().uploadedBytes() + 2 * CHUNK + 100_000);
  }

  @Test
  void aRegistryThatStopsReadingAnUploadEndsWithinTheReadTimeoutNamingTheRequest() {
    proxy = FaultProxy.to(registry).inject(
        s -> s.method().equals("PATCH") && Long.parseLong(s.headers().getOrDefault("content-length", "0")) > 1_000_000, 100,
        new FaultProxy.StallUpload(64 * 1024));
    RegistryOptions options = fast().timeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofMinutes(5));

    assertThatThrownBy(() -> push(options, repo("stall-upload"), "1.0"))
        .isInstanceOf(PushFailedException.class)
        .hasMessageContaining("No answer from " + proxy.address() + " for 2 s to upload the blob ")
        .hasMessageContaining("(PATCH http://" + proxy.address() + "/v2/")
        .hasMessageNotContaining("_state")
        .cause().extracting(e -> ((RegistryException) e).kind()).isEqualTo(RegistryException.Kind.TIMEOUT);
    assertThat(log).noneMatch(l -> l != null && l.contains("_state"));
  }

  @Test
  void aRegistryThatStopsSendingABodyEndsWithinTheReadTimeoutNamingTheRequest() throws Exception {
    String repository = repo("stall-answer");
    new ImagePusher(new RegistryAccess(true, e -> {}), RegistryCredentials.none(), BuildLog.NONE)
        .push(image.layout(), MoviesServiceImages.TAG, RegistryAccess.parse(registry + "/" + repository + ":1.0"), List.of());
    var layer = firstLayer();
    proxy = FaultProxy.to(registry)
        .inject(request("GET", "/blobs/" + layer.digest()), 100, new FaultProxy.StallAnswer(1000))
        .inject(request("GET", "/manifests/1.0"), 100, new FaultProxy.StallAnswer(10));
    RegistryOptions options = fast().timeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofMinutes(5));
    var http = new RegistryAccess(options, e -> {}).http(RegistryAccess.parse(proxy.address() + "/" + repository), RegistryCredentials.none(), false);

    assertThatThrownBy(() -> http.manifest("1.0"))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("No answer from " + proxy.address() + " for 2 s to read the manifest 1.0 of ")
        .hasMessageContaining("while sending the body of its answer")
        .extracting(e -> ((RegistryException) e).kind()).isEqualTo(RegistryException.Kind.TIMEOUT);
    assertThatThrownBy(() -> {
          try (InputStream in = http.blob(layer.digest().toString(), layer.size())) {
            in.readAllBytes();
          }
        })
        .isInstanceOf(java.net.http.HttpTimeoutException.class)
        .hasMessageContaining("No answer from " + proxy.address() + " for 2 s to read the blob " + layer.digest())
        .hasMessageContaining("(GET http://" + proxy.address() + "/v2/" + repository + "/blobs/" + layer.digest() + ")");
  }

  @Test
  void theOffsetToResumeAtComesFromTheSessionsRange() {
    assertThat(RegistryHttp.rangeEnd("0-1048575")).contains(1048576L);
    assertThat(RegistryHttp.rangeEnd("bytes=0-99")).contains(100L);
    assertThat(RegistryHttp.rangeEnd("0-0")).as("an empty session says 0-0 too").contains(0L);
    assertThat(RegistryHttp.rangeEnd("5-9")).isEmpty();
  }

  @Test
  void retriesEndInAClearFailureNamingTheStatus() {
    proxy = FaultProxy.to(registry).inject(request("HEAD", "/blobs/"), 100, status(500));

    assertThatThrownBy(() -> push(fast().retries(2), repo("exhausted"), "1.0"))
        .isInstanceOf(PushFailedException.class)
        .hasMessageContaining("answered 500 after 3 attempts")
        .hasMessageContaining("No tag was moved")
        .cause().isInstanceOf(RegistryException.class)
        .extracting(e -> ((RegistryException) e).kind()).isEqualTo(RegistryException.Kind.UNAVAILABLE);
    assertThat(proxy.count("HEAD", "/blobs/")).isEqualTo(3);
  }

  @Test
  void retryAfterIsHonouredInSecondsAndAsAnHttpDate() {
    proxy = FaultProxy.to(registry).inject(request("PUT", "/manifests/1.0"), 1, status(429, "Retry-After", "1"));
    push(fast(), repo("retry-after"), "1.0");
    List<FaultProxy.Seen> tagPuts = proxy.seen().stream().filter(request("PUT", "/manifests/1.0")).toList();
    assertThat(tagPuts).hasSize(2);
    assertThat(Duration.ofNanos(tagPuts.get(1).nanos() - tagPuts.get(0).nanos())).isGreaterThanOrEqualTo(Duration.ofMillis(950));

    assertThat(RegistryTransport.parseRetryAfter("7")).contains(Duration.ofSeconds(7));
    assertThat(RegistryTransport.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).contains(Duration.ZERO);
    String future = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(30));
    assertThat(RegistryTransport.parseRetryAfter(future).orElseThrow()).isBetween(Duration.ofSeconds(25), Duration.ofSeconds(30));
    assertThat(RegistryTransport.parseRetryAfter("soon")).isEmpty();
  }

  @Test
  void aSilentRegistryEndsWithNoAnswerNamingTheRequest() {
    proxy = FaultProxy.to(registry).inject(request("GET", "/manifests/"), 100, new FaultProxy.Stall());
    RegistryOptions options = fast().timeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofMinutes(1));

    assertThatThrownBy(() -> push(options, repo("stall"), "1.0"))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("No answer from " + proxy.address() + " for 2 s to read the manifest 1.0 of")
        .extracting(e -> ((RegistryException) e).kind()).isEqualTo(RegistryException.Kind.TIMEOUT);
  }

  @Test
  void theTagMovesLastAndOnlyOnSuccessAndARerunSendsOnlyWhatIsMissing() {
    BuildResult second = MoviesServiceImages.onBase();
    proxy = FaultProxy.to(registry);
    String repository = repo("tag-last");
    push(fast(), repository, "stable");
    assertThat(digestAt(repository, "stable")).isEqualTo(image.index().digest().toString());

    proxy.inject(request("PUT", "/manifests/" + second.index().digest()), 100, status(500));
    ImagePusher pusher = pusher(fast().retries(1));
    var target = RegistryAccess.parse(proxy.address() + "/" + repository + ":stable");
    assertThatThrownBy(() -> pusher.push(second.layout(), MoviesServiceImages.TAG, target, List.of()))
        .isInstanceOf(PushFailedException.class)
        .hasMessageContaining("failed while pushing the index " + second.index().digest());
    assertThat(digestAt(repository, "stable")).as("the tag still names v1").isEqualTo(image.index().digest().toString());

    long putsBefore = proxy.count("PUT", "/blobs/uploads/");
    try (FaultProxy clean = FaultProxy.to(registry)) {
      PushResult rerun = new ImagePusher(new RegistryAccess(fast(), e -> {}), RegistryCredentials.none(), BuildLog.NONE)
          .push(second.layout(), MoviesServiceImages.TAG, RegistryAccess.parse(clean.address() + "/" + repository + ":stable"), List.of());
      assertThat(clean.count("PUT", "/blobs/uploads/")).as("blob PUTs of the re-run").isZero();
      assertThat(rerun.blobs().uploaded()).isZero();
    }
    assertThat(putsBefore).isPositive();
    assertThat(digestAt(repository, "stable")).isEqualTo(second.index().digest().toString());
  }

  /**
   * With several blobs at once, a blob shared by the referrers (the empty config of each SBOM and
   * provenance statement) is still sent once, and each subject's referrers tag is read and written
   * once with all three of its referrers, not once per referrer.
   */
  @Test
  void aParallelPushSendsEachBlobOnceAndWritesEachReferrersTagOnce() {
    proxy = FaultProxy.to(registry);
    String repository = repo("parallel");

    PushResult result = pusher(fast()).parallelism(4)
        .push(image.layout(), MoviesServiceImages.TAG, RegistryAccess.parse(proxy.address() + "/" + repository + ":1.0"), List.of());

    assertThat(proxy.count("POST", "/blobs/uploads/")).as("upload sessions").isEqualTo(result.blobs().uploaded());
    assertThat(proxy.count("PUT", "/blobs/uploads/")).as("blob commits").isEqualTo(result.blobs().uploaded());
    assertThat(proxy.count("GET", "/manifests/sha256-")).as("referrers tags read").isEqualTo(2);
    assertThat(proxy.count("PUT", "/manifests/sha256-")).as("referrers tags written").isEqualTo(2);
    var http = new RegistryAccess(true, e -> {}).http(RegistryAccess.parse(registry + "/" + repository + ":1.0"), RegistryCredentials.none(), false);
    for (var platform : result.platforms()) {
      var listed = http.manifest(ReferrersTag.of(platform.digest())).orElseThrow();
      assertThat(((io.cinemaabyss.cinema.oci.Index) listed).manifests()).as("referrers of " + platform.platform()).hasSize(3);
    }
    assertThat(digestAt(repository, "1.0")).isEqualTo(image.index().digest().toString());
  }

  @Test
  void whenAnExtraTagFailsTheTagsBeforeItNameTheNewIndexAndTheRestStayWhereTheyWere() {
    proxy = FaultProxy.to(registry).inject(request("PUT", "/manifests/latest"), 100, status(500));
    String repository = repo("extra-tag");
    var target = RegistryAccess.parse(proxy.address() + "/" + repository + ":1.0");

    assertThatThrownBy(() -> pusher(fast().retries(1)).push(image.layout(), MoviesServiceImages.TAG, target, List.of("latest", "stable")))
        .isInstanceOf(PushFailedException.class)
        .hasMessageContaining("failed while tagging the index as 'latest'")
        .hasMessageContaining("Tags '1.0' name the new index, whose children are all in; 'latest', 'stable' still name what they named before.");
    assertThat(digestAt(repository, "1.0")).isEqualTo(image.index().digest().toString());
    assertThat(digestAt(repository, "latest")).isEqualTo("none");
    assertThat(digestAt(repository, "stable")).isEqualTo("none");
  }

  @Test
  void threeConcurrentPushesThroughTenPercentServerErrorsAllComplete() throws Exception {
    proxy = FaultProxy.to(registry).randomServerErrors(0.10, 42);
    RegistryOptions options = fast().retries(8);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<String> repositories = List.of(repo("many-a"), repo("many-b"), repo("many-c"));
      List<Future<PushResult>> pushes = new ArrayList<>();
      for (String repository : repositories) {
        pushes.add(pool.submit(() -> pusher(options).parallelism(2)
            .push(image.layout(), MoviesServiceImages.TAG, RegistryAccess.parse(proxy.address() + "/" + repository + ":1.0"), List.of())));
      }
      for (Future<PushResult> push : pushes) {
        assertThat(push.get().digest()).isEqualTo(image.index().digest());
      }
      for (String repository : repositories) {
        assertThat(digestAt(repository, "1.0")).isEqualTo(image.index().digest().toString());
        var http = new RegistryAccess(true, e -> {}).http(RegistryAccess.parse(registry + "/" + repository), RegistryCredentials.none(), false);
        for (var platform : image.images()) {
          byte[] manifest = http.manifest(platform.manifest().digest().toString()).orElseThrow().bytes();
          for (var layer : Json.parse(manifest, "m").path("layers")) {
            try (InputStream in = http.blob(layer.path("digest").asText(), layer.path("size").asLong())) {
              in.readAllBytes(); // checked against its digest as it is read
            }
          }
        }
      }
      assertThat(proxy.faults()).as("faults were injected").isPositive();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aRedirectToAnotherPortNeverCarriesTheAuthorizationHeader() throws Exception {
    String repository = repo("redirect");
    new ImagePusher(new RegistryAccess(true, e -> {}), RegistryCredentials.none(), BuildLog.NONE)
        .push(image.layout(), MoviesServiceImages.TAG, RegistryAccess.parse(registry + "/" + repository + ":1.0"), List.of());
    String layer = firstLayer().digest().toString();
    try (FaultProxy other = FaultProxy.to(registry)) {
      proxy = FaultProxy.to(registry).requireBasic("alice", "s3cret-pw")
          .inject(request("GET", "/blobs/" + layer), 1, status(307, "Location", "http://" + other.address() + "/v2/" + repository + "/blobs/" + layer));
      RegistryCredentials credentials = RegistryCredentials.of(List.of(RegistryCredentials.fixed("test", "alice", "s3cret-pw")));
      var http = new RegistryAccess(true, e -> {}).http(RegistryAccess.parse(proxy.address() + "/" + repository), credentials, false);
      http.manifest("1.0").orElseThrow();
      try (InputStream in = http.blob(layer)) {
        in.readAllBytes();
      }
      assertThat(proxy.seen()).anyMatch(FaultProxy.Seen::hasAuthorization);
      assertThat(other.seen()).isNotEmpty().noneMatch(FaultProxy.Seen::hasAuthorization);
    }
  }

  @Test
  void credentialsNeverGoOverPlainHttpToANonLoopbackHostUnlessNamedForIt() {
    String address = nonLoopbackAddress();
    proxy = FaultProxy.on(address, registry).requireBasic("alice", "s3cret-pw");
    String target = address + ":" + proxy.port();
    RegistryCredentials credentials = RegistryCredentials.of(List.of(RegistryCredentials.fixed("test", "alice", "s3cret-pw")));
    ImagePusher insecureOnly = new ImagePusher(new RegistryAccess(fast(), e -> log.add(e.getMessage())), credentials, BuildLog.of(log::add));

    assertThatThrownBy(() -> insecureOnly.push(image.layout(), MoviesServiceImages.TAG, RegistryAccess.parse(target + "/" + repo("cleartext") + ":1.0"), List.of()))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("Refusing to send credentials over plain HTTP to " + target)
        .hasMessageContaining("cinema.plainHttpCredentialRegistries=" + target)
        .extracting(e -> ((RegistryException) e).kind()).isEqualTo(RegistryException.Kind.INSECURE_CREDENTIALS);
    assertThat(proxy.seen()).isNotEmpty().noneMatch(FaultProxy.Seen::hasAuthorization);

    RegistryOptions named = fast().plainHttpCredentials(Set.of(target));
    PushResult pushed = new ImagePusher(new RegistryAccess(named, e -> log.add(e.getMessage())), credentials, BuildLog.of(log::add))
        .push(image.layout(), MoviesServiceImages.TAG, RegistryAccess.parse(target + "/" + repo("cleartext") + ":1.0"), List.of());
    assertThat(pushed.digest()).isEqualTo(image.index().digest());
    String basic = Base64.getEncoder().encodeToString("alice:s3cret-pw".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(log).isNotEmpty().noneMatch(l -> l != null && (l.contains("s3cret-pw") || l.contains(basic)));
  }

  @Test
  void aBlobWhoseBytesAreNotItsDigestIsRefused() throws Exception {
    String repository = repo("swapped");
    new ImagePusher(new RegistryAccess(true, e -> {}), RegistryCredentials.none(), BuildLog.NONE)
        .push(image.layout(), MoviesServiceImages.TAG, RegistryAccess.parse(registry + "/" + repository + ":1.0"), List.of());
    var layer = firstLayer();
    proxy = FaultProxy.to(registry).inject(request("GET", "/blobs/" + layer.digest()), 100, FaultProxy.body(new byte[(int) layer.size()]));
    var http = new RegistryAccess(true, e -> {}).http(RegistryAccess.parse(proxy.address() + "/" + repository), RegistryCredentials.none(), false);

    assertThatThrownBy(() -> {
          try (InputStream in = http.blob(layer.digest().toString(), layer.size())) {
            in.readNBytes(10); // closed early: the rest is read and checked at close
          }
        })
        .isInstanceOf(BlobDigestMismatchException.class)
        .hasMessageContaining("not " + layer.digest());
  }

  @Test
  void inspectRefusesASwappedLayerInsteadOfJudgingItsBytes() {
    String repository = repo("swapped-inspect");
    new ImagePusher(new RegistryAccess(true, e -> {}), RegistryCredentials.none(), BuildLog.NONE)
        .push(image.layout(), MoviesServiceImages.TAG, RegistryAccess.parse(registry + "/" + repository + ":1.0"), List.of());
    var layer = firstLayer();
    // the arm64 layer served in place of the amd64 one: a real layer, with the wrong digest
    byte[] manifest = image.layout().readBlob(image.images().get(1).manifest().digest());
    String other = Json.parse(manifest, "manifest").path("layers").get(0).path("digest").asText();
    proxy = FaultProxy.to(registry).inject(request("GET", "/blobs/" + layer.digest()), 100, FaultProxy.body(image.layout().readBlob(Digest.parse(other))));
    var source = io.cinemaabyss.cinema.remote.RegistryStore.of(proxy.address() + "/" + repository + ":1.0", new RegistryAccess(true, e -> {}));

    assertThatThrownBy(() -> io.cinemaabyss.cinema.check.ImageInspector.of(source).inspect())
        .isInstanceOf(BlobDigestMismatchException.class)
        .hasMessageContaining("not " + layer.digest());
  }

  @Test
  void aManifestOverFourMegabytesIsRefusedWithoutReadingItAll() {
    byte[] huge = new byte[50 * 1024 * 1024];
    java.util.Arrays.fill(huge, (byte) ' ');
    proxy = FaultProxy.to(registry).inject(request("GET", "/manifests/"), 100,
        new FaultProxy.Status(200, java.util.Map.of("Content-Type", "application/vnd.oci.image.index.v1+json"), huge));
    var http = new RegistryAccess(true, e -> {}).http(RegistryAccess.parse(proxy.address() + "/faults/huge:1.0"), RegistryCredentials.none(), false);

    assertThatThrownBy(() -> http.manifest("1.0"))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("over the 4 MB that registries allow")
        .extracting(e -> ((RegistryException) e).kind()).isEqualTo(RegistryException.Kind.BAD_CONTENT);
  }

  private static void pushDirect(String repository) {
    new ImagePusher(new RegistryAccess(true, e -> {}), RegistryCredentials.none(), BuildLog.NONE)
        .push(image.layout(), MoviesServiceImages.TAG, RegistryAccess.parse(registry + "/" + repository + ":1.0"), List.of());
  }

  private static RegistryException.Kind kind(Throwable e) {
    return ((RegistryException) e).kind();
  }

  @Test
  void aManifestWhoseBytesAreNotTheDigestAskedForIsRefused() {
    String repository = repo("manifest-swap");
    pushDirect(repository);
    String amd64 = image.images().get(0).manifest().digest().toString();
    String arm64 = image.images().get(1).manifest().digest().toString();
    proxy = FaultProxy.to(registry).inject(request("GET", "/manifests/" + amd64), 100,
        new FaultProxy.Status(200, java.util.Map.of("Content-Type", io.cinemaabyss.cinema.oci.MediaType.OCI_MANIFEST.value()), image.layout().readBlob(io.cinemaabyss.cinema.oci.Digest.parse(arm64))));
    var http = new RegistryAccess(true, e -> {}).http(RegistryAccess.parse(proxy.address() + "/" + repository), RegistryCredentials.none(), false);

    assertThatThrownBy(() -> http.manifest(amd64))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("returned content for " + amd64 + " whose digest is " + arm64)
        .extracting(FaultSuiteTest::kind).isEqualTo(RegistryException.Kind.BAD_CONTENT);
  }

  /**
   * Content addressing makes a real cycle impossible: an index served for digest D that lists D
   * is not the bytes of D, and is refused before anything it lists is followed.
   */
  @Test
  void anIndexThatListsItselfIsRefusedBeforeItIsFollowed() {
    String repository = repo("self-index");
    pushDirect(repository);
    String amd64 = image.images().get(0).manifest().digest().toString();
    byte[] self = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[{\"mediaType\":"
        + "\"application/vnd.oci.image.index.v1+json\",\"digest\":\"" + amd64 + "\",\"size\":200}]}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    proxy = FaultProxy.to(registry).inject(request("GET", "/manifests/" + amd64), 100,
        new FaultProxy.Status(200, java.util.Map.of("Content-Type", "application/vnd.oci.image.index.v1+json"), self));
    var source = io.cinemaabyss.cinema.remote.RegistryStore.of(proxy.address() + "/" + repository + ":1.0", new RegistryAccess(true, e -> {}));

    assertThatThrownBy(() -> io.cinemaabyss.cinema.check.ImageInspector.of(source).inspect())
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("returned content for " + amd64 + " whose digest is " + io.cinemaabyss.cinema.oci.Digest.of(self));
    assertThat(proxy.count("GET", "/manifests/" + amd64)).as("fetched once, never followed into itself").isEqualTo(1);
  }

  @Test
  void anUntrustedCertificateIsRefusedUnlessThatRegistryIsNamedInsecure() {
    String tls = TestServices.tlsRegistry();
    var credentials = RegistryCredentials.of(List.of(RegistryCredentials.fixed("test", TestServices.tlsUser(), TestServices.tlsPassword())));
    var base = RegistryAccess.parse(tls + "/cinema-test/busybox:1");

    for (RegistryOptions refused : List.of(RegistryOptions.defaults(), RegistryOptions.defaults().insecure(Set.of("registry.example:5443")))) {
      assertThatThrownBy(() -> new RegistryAccess(refused, e -> {}).http(base, credentials, false).manifest("1"))
          .isInstanceOf(RegistryException.class)
          .hasMessageContaining("Registry " + tls + " is not reachable over verified HTTPS")
          .hasMessageContaining("cinema.allowInsecureRegistries=true")
          .extracting(FaultSuiteTest::kind).isEqualTo(RegistryException.Kind.TLS);
    }
    assertThat(new RegistryAccess(RegistryOptions.defaults().insecure(Set.of(tls)), e -> {}).http(base, credentials, false).manifest("1")).isPresent();
  }

  @Test
  void tlsTrustAndPlainHttpCredentialsAreTwoSeparateOptInsPerRegistry() {
    RegistryOptions options = RegistryOptions.defaults().insecure(Set.of("10.1.2.3:5000")).plainHttpCredentials(Set.of("10.1.2.4:5000"));
    assertThat(options.isInsecure("10.1.2.3:5000")).isTrue();
    assertThat(options.isInsecure("10.1.2.4:5000")).as("credentials over HTTP do not make TLS optional").isFalse();
    assertThat(options.mayCredentialOverHttp("10.1.2.3:5000", "10.1.2.3")).as("an insecure registry gets no credential over HTTP").isFalse();
    assertThat(options.mayCredentialOverHttp("10.1.2.4:5000", "10.1.2.4")).isTrue();
    assertThat(options.mayCredentialOverHttp("127.0.0.1:5000", "127.0.0.1")).as("loopback").isTrue();
    RegistryOptions all = RegistryOptions.defaults().allowInsecure(true);
    assertThat(all.isInsecure("10.9.9.9:5000")).isTrue();
    assertThat(all.mayCredentialOverHttp("10.9.9.9:5000", "10.9.9.9")).as("allowInsecureRegistries is not a credential opt-in").isFalse();
  }

  @Test
  void errorCausesComeFromTheStatusCodeNeverFromTheMessageText() {
    byte[] body = "{\"errors\":[{\"code\":\"UNKNOWN\",\"message\":\"401 Unauthorized: upload 401 failed\"}]}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    proxy = FaultProxy.to(registry).inject(request("PUT", "/manifests/1.0"), 100,
        new FaultProxy.Status(500, java.util.Map.of("Content-Type", "application/json"), body));

    assertThatThrownBy(() -> push(fast().retries(1), repo("not-401"), "1.0"))
        .isInstanceOf(PushFailedException.class)
        .hasMessageContaining("answered 500 UNKNOWN after 2 attempts")
        .hasMessageNotContaining("Check the username")
        .cause().isNotInstanceOf(RegistryAuthenticationException.class)
        .extracting(FaultSuiteTest::kind).isEqualTo(RegistryException.Kind.UNAVAILABLE);
  }

  @Test
  void aRegistryThatNeverAcceptsTheConnectionEndsAtTheConnectTimeout() throws Exception {
    try (java.net.ServerSocket full = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      List<java.net.Socket> queued = new ArrayList<>();
      try {
        boolean backlogFull = false;
        for (int i = 0; i < 16 && !backlogFull; i++) {
          java.net.Socket socket = new java.net.Socket();
          queued.add(socket);
          try {
            socket.connect(full.getLocalSocketAddress(), 300);
          } catch (java.net.SocketTimeoutException e) {
            backlogFull = true; // the kernel drops further SYNs: a connect now hangs, as to a black-holed host
          }
        }
        assertThat(backlogFull).as("the listen backlog filled up").isTrue();
        String target = "127.0.0.1:" + full.getLocalPort();
        RegistryOptions options = RegistryOptions.defaults().timeouts(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofMinutes(1));

        assertThatThrownBy(() -> new RegistryAccess(options, e -> {}).http(RegistryAccess.parse(target + "/x/y:1"), RegistryCredentials.none(), false).manifest("1"))
            .isInstanceOf(RegistryException.class)
            .hasMessageContaining("Cannot connect to registry " + target + " within 1 s (cinema.registry.connectTimeout)")
            .extracting(FaultSuiteTest::kind).isEqualTo(RegistryException.Kind.TIMEOUT);
      } finally {
        for (java.net.Socket socket : queued) {
          socket.close();
        }
      }
    }
  }

  @Test
  void theDeadlineEndsAnOperationEvenWhenNoRequestReachesItsReadTimeout() {
    proxy = FaultProxy.to(registry).inject(request("GET", "/manifests/"), 100, new FaultProxy.Stall());
    RegistryOptions options = fast().timeouts(Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofSeconds(3));

    assertThatThrownBy(() -> push(options, repo("deadline"), "1.0"))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("to read the manifest 1.0 of")
        .hasMessageContaining("the deadline of the whole operation (cinema.registry.deadline, 3 s) is reached")
        .extracting(FaultSuiteTest::kind).isEqualTo(RegistryException.Kind.TIMEOUT);
  }

  @Test
  void aLayoutDigestThatClimbsOutOfTheBlobsDirectoryIsRefused() {
    // a layout path is made only from a parsed Digest, and a digest is algorithm and hex digits
    for (String digest : List.of("../../../tmp/evil:" + "a".repeat(64), "sha256:../../../etc/passwd", "sha512:../" + "a".repeat(125))) {
      assertThatThrownBy(() -> io.cinemaabyss.cinema.oci.Digest.parse(digest))
          .isInstanceOf(io.cinemaabyss.cinema.oci.InvalidContentException.class)
          .hasMessageContaining(digest);
    }
  }


  private static io.cinemaabyss.cinema.oci.Descriptor firstLayer() {
    byte[] manifest = image.layout().readBlob(image.images().get(0).manifest().digest());
    return io.cinemaabyss.cinema.oci.Manifest.parse(manifest, "manifest").layers().get(0);
  }

  private static String nonLoopbackAddress() {
    try {
      for (var nic : Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
        for (var address : Collections.list(nic.getInetAddresses())) {
          if (address instanceof java.net.Inet4Address && !address.isLoopbackAddress()) {
            return address.getHostAddress();
          }
        }
      }
    } catch (java.net.SocketException e) {
      throw new IllegalStateException(e);
    }
    return TestServices.require("CINEMA_TEST_NON_LOOPBACK_ADDRESS", "a non-loopback IPv4 address on this host");
  }
}
