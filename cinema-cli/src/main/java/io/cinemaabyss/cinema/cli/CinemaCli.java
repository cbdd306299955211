package io.cinemaabyss.cinema.cli;

import io.cinemaabyss.cinema.CinemaVersion;
import io.cinemaabyss.cinema.oci.Platform;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar cinema-cli.jar COMMAND ...}: the plugin's goals without a pom. Exit codes a script
 * can use: 0 done, 1 the image was read but a check failed, 2 the command line is wrong, 3 the work
 * could not be done (build, registry, credentials, I/O).
 */
@Command(
    name = "cinema",
    mixinStandardHelpOptions = true,
    versionProvider = CinemaCli.Version.class,
    description = "Builds multi-platform images of Go services, pushes them, and proves each platform runs.",
    subcommands = {BuildCommand.class, PushCommand.class, CopyCommand.class, InspectCommand.class, VerifyCommand.class, IndexCommand.class,
        CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:done",
        "1:the image was read, and a check failed (a wrong-architecture entrypoint, a missing platform, a smoke run)",
        "2:the command line is wrong (an unknown option, a bad platform or reference)",
        "3:the work could not be done (the build, the registry, credentials, files)"},
    footerHeading = "%nImages:%n",
    footer = {
        "  oci:DIR[:TAG]      an OCI image layout; TAG (or sha256:DIGEST) names one image",
        "  docker://REF, REF  a registry image, such as ghcr.io/owner/movies:1.0",
        "",
        "Credentials, first found wins:",
        "  --username with --password-stdin or --password-env VARIABLE;",
        "  Docker's config.json (auths, credHelpers, credsStore);",
        "  CINEMA_REGISTRY_USERNAME and CINEMA_REGISTRY_PASSWORD; GITHUB_TOKEN for ghcr.io."})
public final class CinemaCli {

  /** Exit codes; see the class comment. */
  static final int OK = 0;
  static final int CHECK_FAILED = 1;
  static final int USAGE = 2;
  static final int FAILED = 3;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String... args) {
    CommandLine cli = new CommandLine(new CinemaCli());
    cli.registerConverter(Platform.class, PlatformConverter.INSTANCE);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setAllowOptionsAsOptionParameters(true); // --smoke-args=--version
    cli.setOut(new PrintWriter(System.out, true));
    cli.setErr(new PrintWriter(System.err, true));
    return cli.execute(args);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"cinema " + CinemaVersion.get() + " (Java " + Runtime.version() + ")"};
    }
  }
}
