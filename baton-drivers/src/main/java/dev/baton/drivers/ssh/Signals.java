package dev.baton.drivers.ssh;

import java.util.Map;

/** Signal numbers for the names an SSH server reports in exit-signal (RFC 4254 6.10). */
final class Signals {

  private static final Map<String, Integer> NUMBERS =
      Map.ofEntries(
          Map.entry("HUP", 1),
          Map.entry("INT", 2),
          Map.entry("QUIT", 3),
          Map.entry("ILL", 4),
          Map.entry("ABRT", 6),
          Map.entry("FPE", 8),
          Map.entry("KILL", 9),
          Map.entry("USR1", 10),
          Map.entry("SEGV", 11),
          Map.entry("USR2", 12),
          Map.entry("PIPE", 13),
          Map.entry("ALRM", 14),
          Map.entry("TERM", 15));

  private Signals() {}

  /** The Linux number of {@code name}; 0 for a name RFC 4254 does not list. */
  static int number(String name) {
    return NUMBERS.getOrDefault(name, 0);
  }
}
