package dev.baton.model;

/** How Baton reaches a node. */
public enum Transport {
  LOCAL,
  SSH;

  public static Transport parse(String s) {
    return valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
  }
}
