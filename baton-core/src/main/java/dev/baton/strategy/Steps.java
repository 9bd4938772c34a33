package dev.baton.strategy;

import dev.baton.facts.ServiceState;
import dev.baton.guard.BackupExists;
import dev.baton.model.Component;
import dev.baton.model.Version;
import dev.baton.plan.Action;
import dev.baton.plan.Condition;
import dev.baton.plan.Gate;
import dev.baton.plan.Step;
import dev.baton.plan.Verb;
import java.util.Map;

/** Step shapes that several strategies share: backups, installs, stops and starts. */
public final class Steps {
  private Steps() {}

  static String backupLabel(Component c, Version to) {
    return "pre-" + to + "-" + c.name();
  }

  static Step backup(Component c, Version to, String source) {
    String label = backupLabel(c, to);
    return Step.builder(
            "backup-" + c.name(),
            "Back up " + c.name() + " and verify the backup",
            Action.once(Verb.BACKUP, c.name(), Map.of("label", label)))
        .goal(new Condition.BackupTaken(c.name(), label))
        .verify(new Condition.BackupTaken(c.name(), label))
        .source(source)
        .build();
  }

  /** Installs the new version: destructive, a point of no return, behind a gate. */
  public static Step.Builder install(Component c, Version to, String source) {
    return Step.builder(
            "upgrade-" + c.name(),
            "Upgrade " + c.name() + " from " + c.version() + " to " + to,
            Action.once(Verb.INSTALL, c.name(), Map.of("version", to.text())))
        .goal(new Condition.VersionIs(c.name(), to))
        .guards(new BackupExists(c.name()))
        .verify(
            Condition.all(
                new Condition.VersionIs(c.name(), to),
                new Condition.ServiceIs(c.name(), ServiceState.RUNNING)))
        .destructive()
        .pointOfNoReturn()
        .gate(
            Gate.confirm(
                "install "
                    + to
                    + " on "
                    + c.name()
                    + "; the old version cannot be brought back except from the backup"))
        .source(source);
  }

  public static Step stop(Component c, String source) {
    return Step.builder(
            "stop-" + c.name(),
            "Stop the services of " + c.name(),
            Action.idempotent(Verb.STOP, c.name(), Map.of()))
        .goal(new Condition.ServiceIs(c.name(), ServiceState.STOPPED))
        .verify(new Condition.ServiceIs(c.name(), ServiceState.STOPPED))
        .undo(Action.idempotent(Verb.START, c.name(), Map.of()))
        .source(source)
        .build();
  }

  public static Step start(Component c, String source) {
    return Step.builder(
            "start-" + c.name(),
            "Start the services of " + c.name(),
            Action.idempotent(Verb.START, c.name(), Map.of()))
        .goal(new Condition.ServiceIs(c.name(), ServiceState.RUNNING))
        .verify(new Condition.ServiceIs(c.name(), ServiceState.RUNNING))
        .source(source)
        .build();
  }

  /**
   * The same-passphrase guard of a component whose {@code passphraseSecret} property names the
   * secret its installer needs (seed 002), else none.
   */
  public static java.util.List<dev.baton.plan.Guard> passphrase(Component c) {
    String secret = c.properties().get(Component.PASSPHRASE_SECRET);
    return secret == null
        ? java.util.List.of()
        : java.util.List.of(new dev.baton.guard.SamePassphrase(c.name(), secret));
  }

  static Step drain(Component c, String source) {
    return Step.builder(
            "drain-" + c.name(),
            "Refuse new sessions on " + c.name() + " and wait for current ones to end",
            Action.idempotent(Verb.DRAIN, c.name(), Map.of()))
        .goal(new Condition.Drained(c.name()))
        .verify(new Condition.Drained(c.name()))
        .undo(Action.idempotent(Verb.UNDRAIN, c.name(), Map.of()))
        .source(source)
        .build();
  }
}
