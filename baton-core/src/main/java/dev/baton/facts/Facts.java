package dev.baton.facts;

import dev.baton.model.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An immutable snapshot of facts, at most one per kind and subject. */
public final class Facts {

  private final Map<String, Fact> byKey;

  private Facts(Map<String, Fact> byKey) {
    this.byKey = byKey;
  }

  public static Facts of(Collection<Fact> facts) {
    Map<String, Fact> m = new LinkedHashMap<>();
    for (Fact f : facts) {
      m.put(f.key(), f);
    }
    return new Facts(m);
  }

  public static Facts empty() {
    return new Facts(Map.of());
  }

  public static Builder builder(String source, Instant at) {
    return new Builder(source, at);
  }

  public Optional<Fact> get(FactKind kind, String subject) {
    return Optional.ofNullable(byKey.get(kind.label() + "(" + subject + ")"));
  }

  private <T> Optional<T> value(FactKind kind, String subject, Class<T> type) {
    return get(kind, subject).map(f -> type.cast(f.value()));
  }

  public Optional<String> role(String component) {
    return value(FactKind.ROLE, component, String.class);
  }

  public Optional<Version> version(String component) {
    return value(FactKind.VERSION, component, Version.class);
  }

  public Optional<ServiceState> service(String component) {
    return value(FactKind.SERVICE, component, ServiceState.class);
  }

  public Optional<LinkState> link(String linkKey) {
    return value(FactKind.LINK, linkKey, LinkState.class);
  }

  public Optional<Long> lagBytes(String linkKey) {
    return value(FactKind.LAG_BYTES, linkKey, Long.class);
  }

  public Optional<Integer> sessions(String component) {
    return value(FactKind.SESSIONS, component, Integer.class);
  }

  public Optional<Integer> transitorySessions(String component) {
    return value(FactKind.TRANSITORY_SESSIONS, component, Integer.class);
  }

  public Optional<Boolean> reachable(String node) {
    return value(FactKind.REACHABLE, node, Boolean.class);
  }

  public Optional<String> pointsAt(String entryPoint) {
    return value(FactKind.POINTS_AT, entryPoint, String.class);
  }

  public Optional<String> backup(String component) {
    return value(FactKind.BACKUP, component, String.class);
  }

  public Optional<Boolean> drained(String component) {
    return value(FactKind.DRAINED, component, Boolean.class);
  }

  public Optional<Boolean> applied(String actionKey) {
    return value(FactKind.APPLIED, actionKey, Boolean.class);
  }

  public Optional<String> property(String subject) {
    return value(FactKind.PROPERTY, subject, String.class);
  }

  /**
   * What a component's role or service is when no fact says: its state as the driver saw it (where
   * it asked and what failed), else {@code otherwise}; a clause for a sentence.
   */
  public String unknownBecause(String component, String otherwise) {
    return property(Property.STATE.of(component)).orElse(otherwise);
  }

  /** The component's role for a sentence, or why it is unknown. */
  public String roleOrWhy(String component) {
    return role(component).orElseGet(() -> unknown(component, "of unknown role"));
  }

  /** The component's service state for a sentence, or why it is unknown. */
  public String serviceOrWhy(String component) {
    return service(component)
        .map(ServiceState::label)
        .orElseGet(() -> unknown(component, "in an unknown state"));
  }

  /** {@code unknown}, with the driver's state of the component in brackets when it said one. */
  public String unknown(String component, String unknown) {
    return property(Property.STATE.of(component))
        .map(why -> unknown + " (" + why + ")")
        .orElse(unknown);
  }

  public Collection<Fact> all() {
    return byKey.values();
  }

  /** A new snapshot with {@code more} replacing facts of the same key. */
  public Facts with(Collection<Fact> more) {
    Map<String, Fact> m = new LinkedHashMap<>(byKey);
    for (Fact f : more) {
      m.put(f.key(), f);
    }
    return new Facts(m);
  }

  @Override
  public String toString() {
    return byKey.values().toString();
  }

  /** Collects facts that share one source and observation time. */
  public static final class Builder {
    private final String source;
    private final Instant at;
    private final List<Fact> facts = new ArrayList<>();

    private Builder(String source, Instant at) {
      this.source = source;
      this.at = at;
    }

    public Builder add(FactKind kind, String subject, Object value) {
      facts.add(new Fact(kind, subject, value, source, at));
      return this;
    }

    public Facts build() {
      return Facts.of(facts);
    }
  }
}
