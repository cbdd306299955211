package io.cinemaabyss.cinema.assemble;

import io.cinemaabyss.cinema.process.Command;
import io.cinemaabyss.cinema.process.ProcessException;
import io.cinemaabyss.cinema.process.ProcessResult;
import io.cinemaabyss.cinema.process.ProcessRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The commit a directory is checked out at: for the {@code revision} annotation and the image's creation time. */
public final class GitRevision {

  private GitRevision() {}

  /** {@code git rev-parse HEAD} in {@code dir}; empty when git or a repository is not there. */
  public static Optional<String> of(Path dir) {
    return git(dir, "rev-parse", "HEAD").filter(out -> out.matches("[0-9a-f]{40,64}"));
  }

  /** The committer time of HEAD in {@code dir}; empty when git or a repository is not there. */
  public static Optional<Instant> commitTime(Path dir) {
    return git(dir, "log", "-1", "--format=%ct").filter(out -> out.matches("[0-9]+")).map(s -> Instant.ofEpochSecond(Long.parseLong(s)));
  }

  /**
   * Whether tracked files under {@code dir} differ from HEAD (untracked files, such as build output,
   * do not count); empty when git or a repository is not there.
   */
  public static Optional<Boolean> dirty(Path dir) {
    return git(dir, "status", "--porcelain", "--untracked-files=no", "--", ".").map(out -> !out.isBlank());
  }

  /**
   * The web URL of the repository's {@code origin} remote in {@code dir}, such as
   * {@code https://github.com/owner/repo} for {@code git@github.com:owner/repo.git}; empty when there
   * is none, or it is a local path.
   */
  public static Optional<String> remoteUrl(Path dir) {
    return git(dir, "remote", "get-url", "origin").flatMap(GitRevision::webUrl);
  }

  static Optional<String> webUrl(String remote) {
    String url = remote.trim();
    java.util.regex.Matcher scp = java.util.regex.Pattern.compile("^[\\w.-]+@([\\w.-]+):(.+)$").matcher(url);
    if (scp.matches()) {
      url = "https://" + scp.group(1) + "/" + scp.group(2);
    } else if (url.startsWith("ssh://") || url.startsWith("git://")) {
      url = "https://" + url.replaceFirst("^[a-z]+://([^@/]+@)?", "");
    } else if (!url.startsWith("https://") && !url.startsWith("http://")) {
      return Optional.empty();
    }
    url = url.replaceFirst("^(https?://)[^@/]+@", "$1"); // never a user or token in an annotation
    return Optional.of(url.replaceFirst("\\.git$", "").replaceFirst("/$", ""));
  }

  private static Optional<String> git(Path dir, String... args) {
    List<String> command = new java.util.ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    try {
      ProcessResult result = ProcessRunner.run(Command.of(command, Duration.ofSeconds(30)).in(dir).mergingErrors());
      return result.succeeded() ? Optional.of(result.stdout().trim()) : Optional.empty();
    } catch (ProcessException e) {
      return Optional.empty(); // no git here
    }
  }
}
