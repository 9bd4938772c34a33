package dev.baton.facts;

/** Whether a component's service is running. */
public enum ServiceState {
  RUNNING,
  STOPPED;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
