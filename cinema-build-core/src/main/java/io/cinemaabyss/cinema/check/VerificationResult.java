package io.cinemaabyss.cinema.check;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cinemaabyss.cinema.host.RunOutcome;
import java.util.List;

/**
 * The outcome of verifying an image: the inspection, the platforms that were required and why,
 * the smoke runs, every problem found (not just the first) and notes such as skipped runs.
 */
public record VerificationResult(
    ImageReport report, List<RequiredPlatform> required, List<RunOutcome> smoke, List<String> problems, List<String> notes) {

  public VerificationResult {
    required = List.copyOf(required);
    smoke = List.copyOf(smoke);
    problems = List.copyOf(problems);
    notes = List.copyOf(notes);
  }

  public boolean ok() {
    return problems.isEmpty();
  }

  /** Fails with every problem listed when there is any. */
  public VerificationResult requireOk() {
    if (!ok()) {
      throw new ImageVerificationException(this);
    }
    return this;
  }

  /** The inspection's JSON with the requirements, smoke runs, problems and notes added. */
  public ObjectNode toJson() {
    ObjectNode root = report.toJson();
    root.put("ok", ok());
    ArrayNode req = root.putArray("required");
    for (RequiredPlatform r : required) {
      req.addObject().put("platform", r.shown()).put("reason", r.reason());
    }
    ArrayNode runs = root.putArray("smoke");
    for (RunOutcome run : smoke) {
      ObjectNode node = runs.addObject();
      node.put("platform", run.platform());
      node.put("status", run.status().name().toLowerCase(java.util.Locale.ROOT));
      ArrayNode command = node.putArray("command");
      run.command().forEach(command::add);
      node.put("exitCode", run.exitCode());
      node.put("how", run.how());
      node.put("message", run.message());
      node.put("output", run.output());
    }
    ArrayNode problemsNode = root.putArray("problems");
    problems.forEach(problemsNode::add);
    ArrayNode notesNode = root.putArray("notes");
    report.notes().forEach(notesNode::add);
    notes.forEach(notesNode::add);
    return root;
  }

  /** The table of the inspection followed by the smoke runs and the verdict. */
  public String summary() {
    String nl = System.lineSeparator();
    // problems are listed once, at the end; notes of the report once, after the smoke runs
    StringBuilder out = new StringBuilder(report.table().replaceAll("(?m)^  (PROBLEM|note:) .*\\R", ""));
    for (RunOutcome run : smoke) {
      out.append("  smoke ").append(run.status().name().toLowerCase(java.util.Locale.ROOT)).append(": ").append(run.message()).append(nl);
    }
    for (String note : report.notes()) {
      out.append("  note: ").append(note).append(nl);
    }
    if (ok()) {
      out.append("Verified ").append(report.source()).append(": ").append(report.platforms().size()).append(" platforms, no problems").append(nl);
    } else {
      out.append(problems.size()).append(problems.size() == 1 ? " problem:" : " problems:").append(nl);
      problems.forEach(p -> out.append("  - ").append(p).append(nl));
    }
    return out.toString();
  }
}
