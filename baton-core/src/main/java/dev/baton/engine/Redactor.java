package dev.baton.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Removes secrets from text before it reaches the journal, a report, a log or the API: every known
 * secret value, and anything that looks like {@code password=...}.
 */
public final class Redactor {

  public static final String MASK = "***";
  private static final Pattern ASSIGNMENT =
      Pattern.compile(
          "(?i)\\b(password|passwd|passphrase|secret|token|pgpassword)(\\s*[=:]\\s*)(\"[^\"]*\"|'[^']*'|\\S+)");

  private final List<String> secrets;

  private Redactor(List<String> secrets) {
    this.secrets = secrets;
  }

  /** A redactor for these secret values; blank values and values under 4 chars are ignored. */
  public static Redactor of(Collection<String> values) {
    List<String> s = new ArrayList<>();
    for (String v : values) {
      if (v != null && v.strip().length() >= 4) {
        s.add(v.strip());
      }
    }
    s.sort(Comparator.comparingInt(String::length).reversed());
    return new Redactor(List.copyOf(s));
  }

  public static Redactor none() {
    return new Redactor(List.of());
  }

  public String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    for (String s : secrets) {
      out = out.replace(s, MASK);
    }
    return ASSIGNMENT.matcher(out).replaceAll("$1$2" + MASK);
  }
}
