package dev.baton.app.cli;

import dev.baton.app.UsageException;
import dev.baton.app.events.EventLog;
import dev.baton.engine.EngineOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options that drive execution: gates, overrides and who is acting. */
final class RunOptions {

  @Option(
      names = {"-y", "--yes"},
      description = "Pass confirm gates (four-eyes gates still wait).")
  boolean yes;

  @Option(
      names = "--override",
      paramLabel = "GUARD=REASON",
      description = "Override a guard by name, with a reason; journaled and reported.",
      converter = OneLine.class)
  List<String> overrides = new ArrayList<>();

  @Option(
      names = "--operator",
      paramLabel = "NAME",
      description = "Who is acting. Default: $USER",
      converter = OneLine.class)
  String operator;

  @Option(
      names = "--verify-timeout",
      paramLabel = "SECONDS",
      defaultValue = "30",
      description = "How long a step's verification may take to hold. Default: ${DEFAULT-VALUE}")
  long verifyTimeoutSeconds;

  @Option(
      names = "--events",
      paramLabel = "FILE",
      description =
          "Write every engine event as one JSON object per line to FILE (appended), or - for"
              + " stdout. Event types: docs/events.md")
  String events;

  /** Longer than any verification should take; beyond it, time arithmetic overflows. */
  private static final long MAX_VERIFY_SECONDS = Duration.ofDays(1).toSeconds();

  /**
   * Refuses what cannot work before anything runs: a verification timeout out of range, an events
   * file that cannot be written.
   */
  void check() throws UsageException {
    if (verifyTimeoutSeconds < 0 || verifyTimeoutSeconds > MAX_VERIFY_SECONDS) {
      throw new UsageException(
          "--verify-timeout " + verifyTimeoutSeconds + ": expected 0 to " + MAX_VERIFY_SECONDS);
    }
    if (events != null && !EventLog.STDOUT.equals(events)) {
      OutputFile.check("--events", events);
    }
  }

  EngineOptions toEngineOptions() throws UsageException {
    String who =
        operator != null
            ? operator
            : OneLine.check(
                "--operator (default: $USER)", System.getenv().getOrDefault("USER", "operator"));
    return new EngineOptions(
        yes,
        FlagPairs.parse(overrides, "--override"),
        Duration.ofSeconds(15),
        Duration.ofSeconds(verifyTimeoutSeconds),
        who);
  }
}
