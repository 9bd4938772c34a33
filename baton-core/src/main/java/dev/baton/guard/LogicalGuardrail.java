package dev.baton.guard;

import dev.baton.facts.Facts;
import dev.baton.facts.Property;
import dev.baton.invariant.Bytes;
import dev.baton.model.Topology;
import dev.baton.plan.Guard;
import dev.baton.plan.Subjects;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One guardrail of a major upgrade by logical replication (ADR 0040), between the {@code source}
 * (the primary of the old major) and the {@code target} (its new-major copy). Each kind reads the
 * facts the postgresql driver reports for such a pair and names, in its refusal, the objects that
 * stand in the way and what to do about them.
 */
public record LogicalGuardrail(Kind kind, String source, String target) implements Guard {

  /** Each guardrail: its name, what it requires, and how it refuses. */
  public enum Kind {
    REPLICA_IDENTITY(
        "replica-identity", "every table of %s has a primary key or a replica identity") {
      @Override
      Optional<String> refusal(LogicalGuardrail g, Facts f, Topology t) {
        return listed(f, Property.KEYLESS_TABLES, g.source)
            .map(
                objects ->
                    "logical replication cannot carry updates and deletes of "
                        + objects
                        + " on "
                        + g.source
                        + ": they have no primary key and no replica identity; add a primary key,"
                        + " or ALTER TABLE ... REPLICA IDENTITY FULL");
      }
    },
    NO_LARGE_OBJECTS("no-large-objects", "%s holds no large objects (they are not replicated)") {
      @Override
      Optional<String> refusal(LogicalGuardrail g, Facts f, Topology t) {
        return listed(f, Property.LARGE_OBJECTS, g.source)
            .map(
                objects ->
                    g.source
                        + " holds large objects, which logical replication does not carry: "
                        + objects
                        + "; move them into bytea columns, or override no-large-objects with a"
                        + " reason if the copy may go without them");
      }
    },
    NO_UNLOGGED_TABLES(
        "no-unlogged-tables", "%s has no unlogged tables (they are not replicated)") {
      @Override
      Optional<String> refusal(LogicalGuardrail g, Facts f, Topology t) {
        return listed(f, Property.UNLOGGED_TABLES, g.source)
            .map(
                objects ->
                    "logical replication does not carry the unlogged tables "
                        + objects
                        + " of "
                        + g.source
                        + "; ALTER TABLE ... SET LOGGED, or drop them");
      }
    },
    EXTENSIONS_AVAILABLE(
        "extensions-available", "every extension %s uses is available to the new major") {
      @Override
      Optional<String> refusal(LogicalGuardrail g, Facts f, Topology t) {
        Optional<String> used = f.property(Property.EXTENSIONS.of(g.source));
        Optional<String> offered = f.property(Property.AVAILABLE_EXTENSIONS.of(g.target));
        if (used.isEmpty() || offered.isEmpty()) {
          return Optional.of(
              "the extensions of "
                  + g.source
                  + " or those the binaries of "
                  + g.target
                  + " offer are unknown");
        }
        Set<String> have = Set.of(offered.get().split(","));
        List<String> missing =
            split(used.get()).stream()
                .filter(e -> !have.contains(e.substring(e.indexOf(':') + 1)))
                .toList();
        return missing.isEmpty()
            ? Optional.empty()
            : Optional.of(
                "the binaries of "
                    + g.target
                    + " do not offer the extensions "
                    + String.join(", ", missing)
                    + " that "
                    + g.source
                    + " uses; install them for the new major, or drop them on "
                    + g.source);
      }
    },
    WAL_LEVEL_LOGICAL("wal-level-logical", "%s runs with wal_level = logical") {
      @Override
      Optional<String> refusal(LogicalGuardrail g, Facts f, Topology t) {
        String level = f.property(Property.WAL_LEVEL.of(g.source)).orElse("unknown");
        return level.equals("logical")
            ? Optional.empty()
            : Optional.of(
                g.source
                    + " runs with wal_level = "
                    + level
                    + "; set it to logical (ALTER SYSTEM SET wal_level = logical on both members,"
                    + " restart the standby, switch over, restart the old primary)");
      }
    },
    REPLICATION_CAPACITY(
        "replication-capacity", "%s has 3 replication slots and 3 WAL senders to spare") {
      @Override
      Optional<String> refusal(LogicalGuardrail g, Facts f, Topology t) {
        long slots = number(f, Property.FREE_SLOTS, g.source);
        long senders = number(f, Property.FREE_SENDERS, g.source);
        if (slots >= NEEDED && senders >= NEEDED) {
          return Optional.empty();
        }
        return Optional.of(
            g.source
                + " has "
                + Math.max(slots, 0)
                + " replication slots and "
                + Math.max(senders, 0)
                + " WAL senders to spare, but the copy needs "
                + NEEDED
                + " of each (one to follow, two to copy tables at once); raise"
                + " max_replication_slots and max_wal_senders");
      }
    },
    SPACE_FOR_COPY("space-for-copy", "the node of %2$s has room for a copy of %1$s") {
      @Override
      Optional<String> refusal(LogicalGuardrail g, Facts f, Topology t) {
        long size = number(f, Property.DATABASE_BYTES, g.source);
        long free = number(f, Property.FREE_BYTES, g.target);
        if (size < 0 || free < 0) {
          return Optional.of(
              "the size of "
                  + g.source
                  + " or the free space where "
                  + g.target
                  + " goes is unknown");
        }
        long needed = size + size / 5;
        return free >= needed
            ? Optional.empty()
            : Optional.of(
                "the copy of "
                    + g.source
                    + " needs "
                    + Bytes.human(needed)
                    + " (its size and a fifth) where "
                    + g.target
                    + " goes, but only "
                    + Bytes.human(free)
                    + " is free");
      }
    },
    NOT_UPGRADING("not-upgrading", "neither %s nor %s is already being upgraded") {
      @Override
      Optional<String> refusal(LogicalGuardrail g, Facts f, Topology t) {
        String state = f.property(Property.COPY_STATE.of(g.target)).orElse("unknown");
        if (!state.equals("absent") && !state.equals("ours")) {
          return Optional.of(
              g.target
                  + " is "
                  + state
                  + "; a copy is built only into an empty data directory or one Baton made");
        }
        String follows = f.property(Property.SUBSCRIBED_TO.of(g.source)).orElse("");
        return follows.isEmpty()
            ? Optional.empty()
            : Optional.of(
                g.source
                    + " follows "
                    + follows
                    + " by logical replication: an upgrade is going on");
      }
    },
    COPY_SYNCED("copy-synced", "%2$s has every table of %1$s synchronised") {
      @Override
      Optional<String> refusal(LogicalGuardrail g, Facts f, Topology t) {
        String state = f.property(Property.COPY_STATE.of(g.target)).orElse("unknown");
        return state.equals("synced")
            ? Optional.empty()
            : Optional.of(g.target + " is " + state + ", not synchronised with " + g.source);
      }
    },
    FOLLOWS("follows", "%2$s follows %1$s by logical replication") {
      @Override
      Optional<String> refusal(LogicalGuardrail g, Facts f, Topology t) {
        String follows = f.property(Property.SUBSCRIBED_TO.of(g.target)).orElse("unknown");
        return List.of(follows.split(",")).contains(g.source)
            ? Optional.empty()
            : Optional.of(
                g.target
                    + " does not follow "
                    + g.source
                    + " by logical replication (it follows: "
                    + (follows.isEmpty() ? "nobody" : follows)
                    + "), so a cutover onto it would lose what "
                    + g.source
                    + " wrote since");
      }
    },
    CLIENTS_MOVED("clients-moved", "every entry point of %1$s and %2$s reaches %2$s") {
      @Override
      Optional<String> refusal(LogicalGuardrail g, Facts f, Topology t) {
        List<String> elsewhere =
            t.entryPoints().stream()
                .filter(ep -> ep.pointsAt().equals(g.source) || ep.pointsAt().equals(g.target))
                .filter(ep -> !f.pointsAt(ep.name()).orElse("").equals(g.target))
                .map(ep -> ep.name() + " (reaches " + f.pointsAt(ep.name()).orElse("unknown") + ")")
                .toList();
        return elsewhere.isEmpty()
            ? Optional.empty()
            : Optional.of(
                "clients still reach "
                    + g.source
                    + " through "
                    + String.join(", ", elsewhere)
                    + "; cut over to "
                    + g.target
                    + " first");
      }
    },
    NO_SCHEMA_DRIFT("no-schema-drift", "the schema of %s has not changed since the copy began") {
      @Override
      Optional<String> refusal(LogicalGuardrail g, Facts f, Topology t) {
        Optional<String> drift = f.property(Property.SCHEMA_DRIFT.of(g.source));
        if (drift.isEmpty()) {
          return Optional.of("whether the schema of " + g.source + " changed is unknown");
        }
        return drift.get().isEmpty()
            ? Optional.empty()
            : Optional.of(
                "the schema of "
                    + g.source
                    + " changed since the copy began, and DDL is not replicated: "
                    + drift.get()
                    + "; apply the same change to "
                    + g.target
                    + ", then resume");
      }
    };

    /** Slots and WAL senders a copy needs: the apply worker and two table-sync workers. */
    static final long NEEDED = 3;

    private final String name;
    private final String describe;

    Kind(String name, String describe) {
      this.name = name;
      this.describe = describe;
    }

    public String guardName() {
      return name;
    }

    abstract Optional<String> refusal(LogicalGuardrail g, Facts f, Topology t);
  }

  /** Every guardrail checked before a copy is built. */
  public static List<LogicalGuardrail> beforeCopy(String source, String target) {
    return BEFORE_COPY.stream().map(k -> new LogicalGuardrail(k, source, target)).toList();
  }

  @Override
  public String name() {
    return kind.name;
  }

  @Override
  public String describe() {
    return String.format(kind.describe, source, target);
  }

  @Override
  public Subjects subjects() {
    return Subjects.of(source, target);
  }

  @Override
  public Optional<String> refusal(Topology topology, Facts facts) {
    if (BEFORE_COPY.contains(kind)
        && List.of(facts.property(Property.SUBSCRIBED_TO.of(target)).orElse("").split(","))
            .contains(source)) {
      // The copy was built and follows: these held when it began, and are not read again.
      return Optional.empty();
    }
    return kind.refusal(this, facts, topology);
  }

  private static final Set<Kind> BEFORE_COPY =
      java.util.EnumSet.complementOf(
          java.util.EnumSet.of(
              Kind.COPY_SYNCED, Kind.NO_SCHEMA_DRIFT, Kind.FOLLOWS, Kind.CLIENTS_MOVED));

  /** The listed objects of a property, or empty when there are none; unknown counts as listed. */
  private static Optional<String> listed(Facts f, Property p, String subject) {
    Optional<String> v = f.property(p.of(subject));
    if (v.isEmpty()) {
      return Optional.of("(unknown: " + p.key() + " of " + subject + " was not observed)");
    }
    return v.get().isEmpty() ? Optional.empty() : Optional.of(String.join(", ", split(v.get())));
  }

  private static List<String> split(String csv) {
    return csv.isEmpty() ? List.of() : new TreeSet<>(List.of(csv.split(","))).stream().toList();
  }

  private static long number(Facts f, Property p, String subject) {
    return f.property(p.of(subject))
        .filter(v -> v.matches("-?\\d+"))
        .map(Long::parseLong)
        .orElse(-1L);
  }
}
