package dev.baton.model;

import java.util.Locale;

/** The ways an entry point can be moved from one component to another. */
public enum Redirection {
  DNS,
  HOSTS_FILE,
  CONNECTION_STRING,
  LOAD_BALANCER,
  SCRIPT,
  NONE;

  public static Redirection parse(String s) {
    return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
