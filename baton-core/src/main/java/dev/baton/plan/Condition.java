package dev.baton.plan;

import dev.baton.facts.Facts;
import dev.baton.facts.LinkState;
import dev.baton.facts.Property;
import dev.baton.facts.ServiceState;
import dev.baton.model.Version;
import java.util.List;
import java.util.Optional;

/**
 * A predicate on facts: a step's goal ("already done?") or its verification. Each one can say in a
 * sentence why it does not hold.
 */
public sealed interface Condition {

  boolean holds(Facts facts);

  /** What must be true, e.g. {@code role(csm-b)=active}. */
  String describe();

  /** The parts of the system whose facts this condition reads. */
  Subjects subjects();

  /** Why it does not hold on these facts, or empty when it holds. */
  default Optional<String> unmet(Facts facts) {
    return holds(facts) ? Optional.empty() : Optional.of(describe() + " does not hold");
  }

  /**
   * What must be true for this condition not to hold, as {@link Not} shows it; a condition whose
   * opposite reads better in its own words says so here.
   */
  default String describeNot() {
    return "not " + describe();
  }

  static Condition all(Condition... cs) {
    return new AllOf(List.of(cs));
  }

  private static Subjects union(List<Condition> conditions) {
    java.util.Set<String> names = new java.util.LinkedHashSet<>();
    for (Condition c : conditions) {
      Subjects s = c.subjects();
      if (s.wholeSystem()) {
        return Subjects.WHOLE_SYSTEM;
      }
      names.addAll(s.names());
    }
    return Subjects.of(names);
  }

  /** Never met beforehand, so the step always runs (a check or a one-off action). */
  record Never() implements Condition {
    public boolean holds(Facts facts) {
      return false;
    }

    public String describe() {
      return "nothing (always run)";
    }

    public Subjects subjects() {
      return Subjects.NONE;
    }
  }

  /** Always met: nothing to verify. */
  record Always() implements Condition {
    public boolean holds(Facts facts) {
      return true;
    }

    public String describe() {
      return "nothing";
    }

    public Subjects subjects() {
      return Subjects.NONE;
    }
  }

  record RoleIs(String component, String role) implements Condition {
    public boolean holds(Facts f) {
      return f.role(component).map(role::equals).orElse(false);
    }

    public String describe() {
      return "role(" + component + ")=" + role;
    }

    public Subjects subjects() {
      return Subjects.of(component);
    }

    public Optional<String> unmet(Facts f) {
      return holds(f)
          ? Optional.empty()
          : Optional.of(component + " is " + f.roleOrWhy(component) + ", not " + role);
    }
  }

  record VersionIs(String component, Version version) implements Condition {
    public boolean holds(Facts f) {
      return f.version(component).map(version::sameLevel).orElse(false);
    }

    public String describe() {
      return "version(" + component + ")=" + version;
    }

    public Subjects subjects() {
      return Subjects.of(component);
    }

    public Optional<String> unmet(Facts f) {
      return holds(f)
          ? Optional.empty()
          : Optional.of(
              component
                  + " runs version "
                  + f.version(component).map(Version::toString).orElse("unknown")
                  + ", not "
                  + version);
    }
  }

  record ServiceIs(String component, ServiceState state) implements Condition {
    public boolean holds(Facts f) {
      return f.service(component).map(state::equals).orElse(false);
    }

    public String describe() {
      return "service(" + component + ")=" + state.label();
    }

    public Subjects subjects() {
      return Subjects.of(component);
    }

    public Optional<String> unmet(Facts f) {
      return holds(f)
          ? Optional.empty()
          : Optional.of(component + " is " + f.serviceOrWhy(component) + ", not " + state.label());
    }
  }

  record LinkIs(String linkKey, LinkState state) implements Condition {
    public boolean holds(Facts f) {
      return f.link(linkKey).map(state::equals).orElse(false);
    }

    public String describe() {
      return "link(" + linkKey + ")=" + state.label();
    }

    public Subjects subjects() {
      return Subjects.of(linkKey);
    }

    public Optional<String> unmet(Facts f) {
      return holds(f)
          ? Optional.empty()
          : Optional.of(
              "replication "
                  + linkKey
                  + " is "
                  + f.link(linkKey).map(LinkState::label).orElse("unknown")
                  + ", not "
                  + state.label());
    }
  }

  record PointsAt(String entryPoint, String component) implements Condition {
    public boolean holds(Facts f) {
      return f.pointsAt(entryPoint).map(component::equals).orElse(false);
    }

    public String describe() {
      return "points_at(" + entryPoint + ")=" + component;
    }

    public Subjects subjects() {
      return Subjects.of(entryPoint, component);
    }

    public Optional<String> unmet(Facts f) {
      return holds(f)
          ? Optional.empty()
          : Optional.of(
              "entry point "
                  + entryPoint
                  + " points at "
                  + f.pointsAt(entryPoint).orElse("nothing known")
                  + ", not "
                  + component);
    }
  }

  /** A backup with this label has been taken and verified. */
  record BackupTaken(String component, String label) implements Condition {
    public boolean holds(Facts f) {
      return f.backup(component).map(label::equals).orElse(false);
    }

    public String describe() {
      return "backup(" + component + ")=" + label;
    }

    public Subjects subjects() {
      return Subjects.of(component);
    }
  }

  record Drained(String component) implements Condition {
    public boolean holds(Facts f) {
      return f.drained(component).orElse(false) && f.sessions(component).orElse(1) == 0;
    }

    public String describe() {
      return "drained(" + component + ") and sessions(" + component + ")=0";
    }

    public Subjects subjects() {
      return Subjects.of(component);
    }

    public Optional<String> unmet(Facts f) {
      return holds(f)
          ? Optional.empty()
          : Optional.of(
              component
                  + (f.drained(component).orElse(false)
                      ? " refuses new sessions"
                      : " accepts new sessions")
                  + " and has "
                  + f.sessions(component).map(String::valueOf).orElse("an unknown number of")
                  + " sessions");
    }
  }

  /**
   * A component listens on the same ports as before the upgrade (seed 001: an upgrade keeps the
   * port assignments), read from the property {@code <component>.ports}.
   */
  record PortsAre(String component, String ports) implements Condition {
    public boolean holds(Facts f) {
      return f.property(Property.PORTS.of(component)).map(ports::equals).orElse(false);
    }

    public String describe() {
      return "ports(" + component + ")=" + ports;
    }

    public Subjects subjects() {
      return Subjects.of(component);
    }

    public Optional<String> unmet(Facts f) {
      return holds(f)
          ? Optional.empty()
          : Optional.of(
              component
                  + " listens on ports "
                  + f.property(Property.PORTS.of(component)).orElse("unknown")
                  + ", not "
                  + ports
                  + " as before the upgrade");
    }
  }

  record AllOf(List<Condition> conditions) implements Condition {
    public AllOf {
      conditions = List.copyOf(conditions);
    }

    public boolean holds(Facts f) {
      return conditions.stream().allMatch(c -> c.holds(f));
    }

    public String describe() {
      return String.join(" and ", conditions.stream().map(Condition::describe).toList());
    }

    public Subjects subjects() {
      return Subjects.union(conditions);
    }

    public Optional<String> unmet(Facts f) {
      return conditions.stream().map(c -> c.unmet(f)).flatMap(Optional::stream).findFirst();
    }
  }

  /** A property a driver observes, e.g. {@code db-a.failover-pinned=yes}. */
  record PropertyIs(String property, String value) implements Condition {
    public boolean holds(Facts f) {
      return f.property(property).map(value::equals).orElse(false);
    }

    public String describe() {
      return property + "=" + value;
    }

    public Subjects subjects() {
      return Subjects.of(property);
    }

    public Optional<String> unmet(Facts f) {
      return holds(f)
          ? Optional.empty()
          : Optional.of(
              property + " is " + f.property(property).orElse("unknown") + ", not " + value);
    }
  }

  /** At least one of several conditions; empty holds never. */
  record AnyOf(List<Condition> conditions) implements Condition {
    public AnyOf {
      conditions = List.copyOf(conditions);
    }

    public boolean holds(Facts f) {
      return conditions.stream().anyMatch(c -> c.holds(f));
    }

    public String describe() {
      return "(" + String.join(" or ", conditions.stream().map(Condition::describe).toList()) + ")";
    }

    public Subjects subjects() {
      return Subjects.union(conditions);
    }

    public Optional<String> unmet(Facts f) {
      return holds(f)
          ? Optional.empty()
          : Optional.of(
              String.join(
                  ", and ",
                  conditions.stream().map(c -> c.unmet(f)).flatMap(Optional::stream).toList()));
    }
  }

  /**
   * The sides have been apart for at least {@code hours}: the replication link was removed at the
   * instant its {@code <link>.removed-at} property names, and that many hours have passed by the
   * time of the observation. An unknown removal time does not hold.
   */
  record SplitFor(String link, long hours) implements Condition {
    public boolean holds(Facts f) {
      return Subjects.hoursSinceRemoval(link, f).map(h -> h >= hours).orElse(false);
    }

    public String describe() {
      return link + " removed for at least " + hours + " h";
    }

    public Subjects subjects() {
      return Subjects.of(link);
    }

    public String describeNot() {
      return link + " removed less than " + hours + " h ago";
    }

    public Optional<String> unmet(Facts f) {
      return holds(f)
          ? Optional.empty()
          : Optional.of(
              Subjects.hoursSinceRemoval(link, f)
                  .map(h -> link + " was removed " + h + " h ago, less than " + hours + " h")
                  .orElse(link + " has no known removal time"));
    }
  }

  /** The opposite of a condition. */
  record Not(Condition condition) implements Condition {
    public boolean holds(Facts f) {
      return !condition.holds(f);
    }

    public String describe() {
      return condition.describeNot();
    }

    public Subjects subjects() {
      return condition.subjects();
    }
  }
}
