package dev.baton.app.watch;

/** What a watcher can do once the active is declared down. */
public interface Responders {

  /** Tells people: runs the alert command and posts to the webhook, whichever are set. */
  void alert(Alert alert);

  /** Fails over to the standby through the engine, under the watcher's lease. */
  FailoverReport failover(Declaration declaration);
}
