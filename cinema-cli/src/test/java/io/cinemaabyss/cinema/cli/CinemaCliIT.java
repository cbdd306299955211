package io.cinemaabyss.cinema.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cinemaabyss.cinema.testing.TestServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line as a script uses it: the real jar, real Go builds, the real registries of
 * scripts/test-services.sh. Exit codes: 0 done, 1 a check failed, 2 usage, 3 the work failed.
 */
class CinemaCliIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MOVIES = "examples/movies-service";

  @TempDir
  Path temp;

  private Cli cli;

  @BeforeEach
  void emptyDockerConfig() throws Exception {
    cli = new Cli(Files.createDirectories(temp.resolve("docker-config")));
  }

  @Test
  void everyCommandHasHelpAndTheTopLevelListsTheExitCodes() throws Exception {
    Cli.Run top = cli.run("--help");
    assertThat(top.exit()).isZero();
    assertThat(top.out()).contains("build", "push", "inspect", "verify", "index", "Exit codes:", "oci:DIR[:TAG]");
    for (String command : List.of("build", "push", "copy", "inspect", "verify", "index")) {
      Cli.Run help = cli.run(command, "--help");
      assertThat(help.exit()).as(command + " --help").isZero();
      assertThat(help.out()).contains("Usage: cinema " + command, "--json", "--username", "--password-stdin");
    }
    assertThat(cli.run("--version").out()).startsWith("cinema ");
  }

  @Test
  void theJbangCatalogNamesThisJarAndItsMainClass() throws Exception {
    JsonNode alias = JSON.readTree(Cli.REPO.resolve("jbang-catalog.json").toFile()).path("aliases").path("cinema");
    String version = System.getProperty("cinema.cli.version");
    assertThat(alias.path("script-ref").asText()).isEqualTo("io.cinemaabyss:cinema-cli:" + version);
    try (var jar = new java.util.jar.JarFile(Cli.JAR.toFile())) {
      String main = jar.getManifest().getMainAttributes().getValue("Main-Class");
      assertThat(main).isEqualTo(alias.path("main").asText()).isEqualTo(CinemaCli.class.getName());
    }
  }

  @Test
  void aWrongCommandLineExitsTwoNamingTheMistake() throws Exception {
    Cli.Run unknown = cli.run("inspect", "--no-such-option", "oci:x");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("Unknown option: '--no-such-option'");

    Cli.Run platform = cli.run("build", MOVIES, "--platform", "linux/amd99", "--to", "oci:" + temp.resolve("oci"));
    assertThat(platform.exit()).isEqualTo(2);
    assertThat(platform.err()).contains("linux/amd99", "unknown architecture 'amd99'");

    Cli.Run reference = cli.run("inspect", "127.0.0.1:5000/Movies:1.0");
    assertThat(reference.exit()).isEqualTo(2);
    assertThat(reference.err()).contains("IMAGE", "127.0.0.1:5000/Movies:1.0");

    Cli.Run noModule = cli.run("build", temp.toString(), "--to", "oci:" + temp.resolve("oci"));
    assertThat(noModule.exit()).isEqualTo(2);
    assertThat(noModule.err()).contains("holds no go.mod");

    Cli.Run passwordWithoutUser = cli.stdin("secret").run("inspect", "--password-stdin", "127.0.0.1:5000/movies:1.0");
    assertThat(passwordWithoutUser.exit()).isEqualTo(2);
    assertThat(passwordWithoutUser.err()).contains("need --username");

    Cli.Run tagOnLayout = cli.run("build", MOVIES, "--to", "oci:" + temp.resolve("oci") + ":1.0", "--tag", "latest");
    assertThat(tagOnLayout.exit()).isEqualTo(2);
    assertThat(tagOnLayout.err()).contains("--to oci:DIR:TAG");
    assertThat(temp.resolve("oci")).doesNotExist();
  }

  @Test
  void aMissingImageExitsThreeAndWithJsonSaysSoOnStdout() throws Exception {
    Path empty = Files.createDirectories(temp.resolve("not-a-layout"));
    Cli.Run missing = cli.run("inspect", "--json", "oci:" + empty + ":1.0");
    assertThat(missing.exit()).isEqualTo(3);
    JsonNode error = JSON.readTree(missing.out());
    assertThat(error.path("exitCode").asInt()).isEqualTo(3);
    assertThat(error.path("error").asText()).contains(empty.toString());
    assertThat(missing.err()).startsWith("cinema: error: ");
  }

  @Test
  void buildInspectPushAndVerifyAServiceForTwoPlatforms() throws Exception {
    String registry = TestServices.registry();
    Path layout = temp.resolve("oci");
    Cli.Run built = cli.run("build", MOVIES, "--platform", "linux/amd64,linux/arm64", "--ldflags", "-X main.version=cli-1.0",
        "--to", "oci:" + layout + ":1.0", "--json");
    assertThat(built.exit()).as(built.err()).isZero();
    JsonNode build = JSON.readTree(built.out());
    String digest = build.path("digest").asText();
    assertThat(digest).startsWith("sha256:");
    assertThat(build.path("platforms").findValuesAsText("platform")).containsExactly("linux/amd64", "linux/arm64");

    Cli.Run inspected = cli.run("inspect", "oci:" + layout + ":1.0", "--json", "-q");
    assertThat(inspected.exit()).as(inspected.err()).isZero();
    JsonNode report = JSON.readTree(inspected.out());
    assertThat(report.path("digest").asText()).isEqualTo(digest);
    assertThat(configArchitectures(report)).containsExactly("amd64", "arm64");

    String image = registry + "/cli/movies:1.0";
    Cli.Run plainHttp = cli.run("push", "oci:" + layout, "docker://" + image);
    assertThat(plainHttp.exit()).isEqualTo(3);
    assertThat(plainHttp.err()).contains("--insecure-registry HOST[:PORT]").doesNotContain("cinema.insecureRegistries");

    Cli.Run pushed = cli.run("push", "oci:" + layout, "docker://" + image, "--tag", "latest", "--insecure-registry", registry, "--json");
    assertThat(pushed.exit()).as(pushed.err()).isZero();
    JsonNode push = JSON.readTree(pushed.out());
    assertThat(push.path("digest").asText()).isEqualTo(digest);
    assertThat(push.path("tags").findValuesAsText("")).isEmpty();
    assertThat(push.path("tags").toString()).contains("1.0", "latest");

    Cli.Run verified = cli.run("verify", registry + "/cli/movies:latest", "--insecure-registry", registry,
        "--platform", "linux/amd64,linux/arm64", "--smoke", "--smoke-args=--version");
    assertThat(verified.exit()).as(verified.all()).isZero();
    assertThat(verified.out()).contains("movies-service cli-1.0 linux/amd64", "movies-service cli-1.0 linux/arm64", "no problems");

    Cli.Run allInsecure = cli.run("inspect", image, "--allow-insecure-registries", "-q");
    assertThat(allInsecure.exit()).as("inspect of a plain-HTTP registry with --allow-insecure-registries: " + allInsecure.all()).isZero();

    Path pulled = temp.resolve("pulled");
    Cli.Run copied = cli.run("copy", "docker://" + image, "oci:" + pulled + ":mirror", "--insecure-registry", registry, "--json", "-q");
    assertThat(copied.exit()).as(copied.err()).isZero();
    assertThat(JSON.readTree(copied.out()).path("digest").asText()).isEqualTo(digest);
    assertThat(cli.run("inspect", "oci:" + pulled + ":mirror", "-q").out()).contains("ELF amd64", "ELF arm64");
    Cli.Run registryToRegistry = cli.run("copy", image, registry + "/cli/other:1.0", "--insecure-registry", registry, "--json", "-q");
    assertThat(registryToRegistry.exit()).as(registryToRegistry.err()).isZero();
    assertThat(JSON.readTree(registryToRegistry.out()).path("digest").asText()).isEqualTo(digest);

    Cli.Run missingPlatform = cli.run("verify", image, "--insecure-registry", registry, "--platform", "linux/amd64,linux/s390x", "--json");
    assertThat(missingPlatform.exit()).isEqualTo(1);
    JsonNode failed = JSON.readTree(missingPlatform.out());
    assertThat(failed.path("ok").asBoolean(true)).isFalse();
    assertThat(failed.toString()).contains("linux/s390x");
  }

  @Test
  void buildStraightToARegistryWithCredentialsFromAVariableOrStdinAndNeverPrintsThem() throws Exception {
    String registry = TestServices.tlsRegistry();
    String user = TestServices.tlsUser();
    String password = TestServices.tlsPassword();
    String image = registry + "/cli/movies-amd64:1.0";
    List<String> secrets = List.of(password, Base64.getEncoder().encodeToString((user + ":" + password).getBytes()));

    Cli.Run built = cli.env("REGISTRY_TOKEN", password).run("build", MOVIES, "--platform", "linux/amd64", "--to", "docker://" + image,
        "--insecure-registry", registry, "--username", user, "--password-env", "REGISTRY_TOKEN", "--verbose");
    assertThat(built.exit()).as(built.err()).isZero();
    assertThat(built.out()).startsWith("Built " + image + " sha256:").contains("linux/amd64");
    Cli.Run fromStdin = cli.stdin(password + "\n").run("inspect", image, "--insecure-registry", registry, "--username", user,
        "--password-stdin", "--verbose");
    assertThat(fromStdin.exit()).as(fromStdin.err()).isZero();
    assertThat(fromStdin.out()).contains("linux/amd64", "ELF amd64");

    Cli.Run anonymous = cli.run("inspect", image, "--insecure-registry", registry);
    assertThat(anonymous.exit()).isEqualTo(3);
    Cli.Run wrong = cli.stdin("not-" + password).run("inspect", image, "--insecure-registry", registry, "--username", user,
        "--password-stdin", "--verbose");
    assertThat(wrong.exit()).isEqualTo(3);
    assertThat(wrong.err()).contains("--username with --password-stdin");
    for (Cli.Run run : List.of(built, fromStdin, anonymous, wrong)) {
      for (String secret : secrets) {
        assertThat(run.all()).doesNotContain(secret);
      }
    }
  }

  @Test
  void indexJoinsTwoSinglePlatformImagesPushedByTwoRunners() throws Exception {
    String registry = TestServices.registry();
    String repository = registry + "/cli/joined";
    List<String> sources = new ArrayList<>();
    for (String arch : List.of("amd64", "arm64")) {
      Cli.Run built = cli.run("build", MOVIES, "--platform", "linux/" + arch, "--to", repository + ":1.0-" + arch,
          "--insecure-registry", registry, "-q");
      assertThat(built.exit()).as(built.err()).isZero();
      sources.add(repository + ":1.0-" + arch);
    }
    Cli.Run wrongPlatforms = cli.run("index", "--source", String.join(",", sources), "--to", repository + ":1.0",
        "--platform", "linux/amd64,linux/arm/v7", "--insecure-registry", registry);
    assertThat(wrongPlatforms.exit()).isEqualTo(3);
    assertThat(wrongPlatforms.err()).contains("linux/arm64", "nothing was pushed");

    Cli.Run joined = cli.run("index", "--source", sources.get(0), "--source", sources.get(1), "--to", repository + ":1.0",
        "--platform", "linux/arm64,linux/amd64", "--insecure-registry", registry);
    assertThat(joined.exit()).as(joined.err()).isZero();
    assertThat(joined.out()).startsWith("Pushed " + repository + ":1.0 sha256:").contains("linux/amd64,linux/arm64");

    Cli.Run inspected = cli.run("inspect", repository + ":1.0", "--insecure-registry", registry, "--json", "-q");
    assertThat(inspected.exit()).as(inspected.err()).isZero();
    assertThat(configArchitectures(JSON.readTree(inspected.out()))).containsExactlyInAnyOrder("amd64", "arm64");
  }

  /** Each platform's architecture as its config says. */
  private static List<String> configArchitectures(JsonNode inspection) {
    List<String> architectures = new ArrayList<>();
    inspection.path("platforms").forEach(p -> architectures.add(p.path("config").path("architecture").asText()));
    return architectures;
  }
}
