package dev.baton.engine;

/** How a run, resume or abort ended, with the sentence that says why. */
public record RunResult(String runId, RunStatus status, String sentence) {
  public int exitCode() {
    return status.exitCode();
  }
}
