package dev.baton.plan;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a condition or guard reads facts about, by name: components, nodes, replication links (by
 * name or by their {@code from->to} key), entry points, or a property's subject such as {@code
 * db-a.ports}. The engine observes these, and what they sit next to, before a step; a check that
 * cannot name them says {@link #WHOLE_SYSTEM}, and the engine then observes everything.
 */
public record Subjects(Set<String> names, boolean wholeSystem) {

  /** Reads no fact of any part of the system (system-wide facts such as secrets always come). */
  public static final Subjects NONE = new Subjects(Set.of(), false);

  /** Cannot say what it reads: the whole system is observed for it. */
  public static final Subjects WHOLE_SYSTEM = new Subjects(Set.of(), true);

  public Subjects {
    names = Set.copyOf(names);
  }

  public static Subjects of(String... names) {
    return of(List.of(names));
  }

  public static Subjects of(Collection<String> names) {
    return new Subjects(new LinkedHashSet<>(names), false);
  }

  /** Both together; the whole system if either needs it. */
  public Subjects and(Subjects other) {
    if (wholeSystem || other.wholeSystem) {
      return WHOLE_SYSTEM;
    }
    Set<String> all = new LinkedHashSet<>(names);
    all.addAll(other.names);
    return new Subjects(all, false);
  }
}
