package dev.baton.app.server;

import java.util.Optional;

/** Who may read runs, plans and facts: anyone who reaches the console, or token holders only. */
public enum ReadAccess {
  /** Reads need no token: right for a console bound to loopback on a single-user host. */
  OPEN {
    @Override
    boolean admits(Optional<Person> who) {
      return true;
    }
  },
  /** Every request needs a valid token, a read-only one being enough to read. */
  TOKEN {
    @Override
    boolean admits(Optional<Person> who) {
      return who.isPresent();
    }
  };

  abstract boolean admits(Optional<Person> who);
}
