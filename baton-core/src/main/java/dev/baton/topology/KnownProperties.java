package dev.baton.topology;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The property keys one reader of a component or entry point knows (a driver, a redirection, the
 * strategies), and who that is, as messages name it: {@code the postgresql driver}.
 */
public record KnownProperties(String owner, List<PropertyKey> keys) {

  public KnownProperties {
    // The same key declared by two readers is one key; the first declaration's words win.
    Map<String, PropertyKey> byPattern = new LinkedHashMap<>();
    keys.forEach(k -> byPattern.putIfAbsent(k.pattern(), k));
    keys = List.copyOf(byPattern.values());
  }

  /** {@code owner}'s keys: each list in turn, a key declared twice kept once. */
  @SafeVarargs
  public static KnownProperties of(String owner, List<PropertyKey>... lists) {
    List<PropertyKey> all = new ArrayList<>();
    for (List<PropertyKey> l : lists) {
      all.addAll(l);
    }
    return new KnownProperties(owner, all);
  }

  /** Whether {@code key} is one of these keys or belongs to one of these families. */
  public boolean knows(String key) {
    return keys.stream().anyMatch(k -> k.matches(key));
  }

  /** The keys as a reader lists them: {@code host, port, bin.<version>}, or {@code none}. */
  public String names() {
    return keys.isEmpty()
        ? "none"
        : String.join(", ", keys.stream().map(PropertyKey::pattern).toList());
  }

  /**
   * The known key closest to a mistyped {@code key}, when it is close enough to be the one meant:
   * {@code dataDri} gives {@code dataDir}, {@code bim.15} gives {@code bin.15}.
   */
  public Optional<String> suggestion(String key) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (PropertyKey k : keys) {
      String candidate = candidate(k, key);
      int d = EditDistance.between(lower(key), lower(candidate));
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    int allowed = Math.max(1, Math.min(3, key.length() / 3));
    return bestDistance <= allowed ? Optional.ofNullable(best) : Optional.empty();
  }

  // A family is compared on its prefix, keeping what the key has after its own first dot.
  private static String candidate(PropertyKey k, String key) {
    if (!k.isFamily()) {
      return k.pattern();
    }
    int dot = key.indexOf('.');
    return dot < 0 ? k.prefix() : k.prefix() + key.substring(dot + 1);
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
