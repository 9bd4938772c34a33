package dev.baton.app.cli;

import dev.baton.app.UsageException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The values of a repeatable {@code NAME=VALUE} flag ({@code --set}, {@code --override}). */
final class FlagPairs {
  private FlagPairs() {}

  static Map<String, String> parse(List<String> pairs, String flag) throws UsageException {
    Map<String, String> out = new LinkedHashMap<>();
    for (String p : pairs) {
      int eq = p.indexOf('=');
      if (eq <= 0) {
        throw new UsageException(flag + " '" + p + "': expected NAME=VALUE");
      }
      out.put(p.substring(0, eq).trim(), p.substring(eq + 1).trim());
    }
    return out;
  }
}
