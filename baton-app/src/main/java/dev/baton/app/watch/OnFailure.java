package dev.baton.app.watch;

import java.util.Locale;
import java.util.Optional;

/** What a watcher does when the active is declared down; each mode carries its behaviour. */
public enum OnFailure {
  /** Tell people and keep watching; a human decides whether to switch over. */
  ALERT {
    @Override
    Response respond(Declaration d, Responders r) {
      r.alert(
          new Alert(
              "down",
              d,
              d.target().active()
                  + " of "
                  + d.target().system()
                  + " is down ("
                  + d.why()
                  + "); switch over by hand if it does not come back"));
      return new Response(true, 0);
    }
  },
  /** Fail over to the standby at once, then tell people what happened, and stop watching. */
  SWITCHOVER {
    @Override
    Response respond(Declaration d, Responders r) {
      FailoverReport f = r.failover(d);
      r.alert(
          new Alert(
              "failover",
              d,
              d.target().active()
                  + " of "
                  + d.target().system()
                  + " was declared down; automatic failover to "
                  + d.target().standby()
                  + ": "
                  + f.sentence()));
      // The pair has no standby left to fail over to until the old active rejoins.
      return new Response(false, f.exitCode());
    }
  };

  /** Whether to keep watching after responding, and the exit code if not. */
  record Response(boolean keepWatching, int exitCode) {}

  abstract Response respond(Declaration d, Responders r);

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<OnFailure> parse(String text) {
    for (OnFailure m : values()) {
      if (m.label().equals(text)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }
}
