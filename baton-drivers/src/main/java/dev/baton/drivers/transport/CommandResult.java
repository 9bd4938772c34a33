package dev.baton.drivers.transport;

import java.time.Duration;

/** What a command did: exit code, output, and how long it took. */
public record CommandResult(
    Command command, int exitCode, String stdout, String stderr, Duration took) {

  public boolean ok() {
    return exitCode == 0;
  }

  /** A transcript for a step's evidence: the command line, its exit code and its output. */
  public String transcript() {
    StringBuilder b = new StringBuilder("$ ").append(command.display()).append('\n');
    if (!stdout.isBlank()) {
      b.append(stdout.strip()).append('\n');
    }
    if (!stderr.isBlank()) {
      b.append(stderr.strip()).append('\n');
    }
    return b.append("(exit ")
        .append(exitCode)
        .append(", ")
        .append(took.toMillis())
        .append(" ms)")
        .toString();
  }
}
