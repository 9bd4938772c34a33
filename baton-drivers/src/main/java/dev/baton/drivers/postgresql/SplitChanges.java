package dev.baton.drivers.postgresql;

import dev.baton.drivers.postgresql.PgOutputDecoder.Column;
import dev.baton.drivers.postgresql.PgOutputDecoder.Message;
import dev.baton.drivers.postgresql.PgOutputDecoder.Relation;
import dev.baton.drivers.postgresql.PgOutputDecoder.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one side of a split link changed that the other side never applied, per table, read from the
 * side's split slot: each change with the key of its row, and the counts.
 */
record SplitChanges(
    String server,
    String database,
    String slot,
    Instant removedAt,
    int transactions,
    List<TableChanges> tables) {

  SplitChanges {
    tables = List.copyOf(tables);
  }

  enum Op {
    INSERT,
    UPDATE,
    DELETE;

    String word() {
      return name().toLowerCase();
    }
  }

  /**
   * One row changed: {@code key} names it by its replica identity ({@code id=42}); an update that
   * changed the key reads {@code id=41 -> id=42}.
   */
  record Change(Op op, String key) {

    @Override
    public String toString() {
      return op.word() + " " + key;
    }
  }

  record TableChanges(
      String table, int inserts, int updates, int deletes, int truncates, List<Change> changes) {

    TableChanges {
      changes = List.copyOf(changes);
    }

    String counts() {
      List<String> parts = new ArrayList<>();
      add(parts, inserts, "insert");
      add(parts, updates, "update");
      add(parts, deletes, "delete");
      if (truncates > 0) {
        parts.add("truncated " + (truncates == 1 ? "once" : truncates + " times"));
      }
      return String.join(", ", parts);
    }

    private static void add(List<String> parts, int n, String word) {
      if (n > 0) {
        parts.add(n + " " + word + (n == 1 ? "" : "s"));
      }
    }
  }

  int changeCount() {
    return tables.stream().mapToInt(t -> t.changes().size() + t.truncates()).sum();
  }

  /** One line: the server, the database and each table's counts. */
  String summary() {
    String head = server + "'s changes in " + database + " the other side never applied";
    if (tables.isEmpty()) {
      return head + ": none" + since();
    }
    List<String> per = new ArrayList<>();
    for (TableChanges t : tables) {
      per.add(t.table() + " " + t.counts());
    }
    return head
        + ": "
        + String.join("; ", per)
        + " ("
        + changeCount()
        + " changes in "
        + transactions
        + " transactions"
        + since()
        + ")";
  }

  private String since() {
    return removedAt == null ? "" : " since " + removedAt;
  }

  /** Every change, table by table, for an operator to read before the data is replaced. */
  String report() {
    StringBuilder b = new StringBuilder();
    b.append(server)
        .append(": changes in ")
        .append(database)
        .append(" the other side never applied")
        .append(since())
        .append(" (split slot ")
        .append(slot)
        .append(", ")
        .append(transactions)
        .append(" transactions)\n");
    if (tables.isEmpty()) {
      b.append("no changes\n");
    }
    for (TableChanges t : tables) {
      b.append(t.table()).append(": ").append(t.counts()).append('\n');
      for (Change c : t.changes()) {
        b.append("  ").append(c).append('\n');
      }
    }
    return b.toString();
  }

  /**
   * Gathers decoded messages into {@link SplitChanges}. Changes name their table by the relation id
   * of a Relation message sent earlier in the same decoding session.
   */
  static final class Collector {
    private final Map<Integer, Relation> relations = new HashMap<>();
    private final Map<String, Table> tables = new TreeMap<>();
    private int transactions;

    private static final class Table {
      int inserts;
      int updates;
      int deletes;
      int truncates;
      final List<Change> changes = new ArrayList<>();
    }

    /** Counts a change, or learns a table; begin, commit, origin and type messages add nothing. */
    void accept(Message m) {
      if (m instanceof PgOutputDecoder.Begin) {
        transactions++;
      } else if (m instanceof Relation r) {
        relations.put(r.oid(), r);
      } else if (m instanceof PgOutputDecoder.Insert i) {
        Relation r = relation(i.relation());
        table(r).inserts++;
        table(r).changes.add(new Change(Op.INSERT, key(r, i.row())));
      } else if (m instanceof PgOutputDecoder.Update u) {
        Relation r = relation(u.relation());
        String now = key(r, u.row());
        String was = u.old() == null ? now : key(r, u.old());
        table(r).updates++;
        table(r).changes.add(new Change(Op.UPDATE, was.equals(now) ? now : was + " -> " + now));
      } else if (m instanceof PgOutputDecoder.Delete d) {
        Relation r = relation(d.relation());
        table(r).deletes++;
        table(r).changes.add(new Change(Op.DELETE, key(r, d.old())));
      } else if (m instanceof PgOutputDecoder.Truncate t) {
        for (int oid : t.relations()) {
          table(relation(oid)).truncates++;
        }
      }
    }

    SplitChanges done(String server, String database, String slot, Instant removedAt) {
      List<TableChanges> out = new ArrayList<>();
      tables.forEach(
          (name, t) ->
              out.add(
                  new TableChanges(name, t.inserts, t.updates, t.deletes, t.truncates, t.changes)));
      return new SplitChanges(server, database, slot, removedAt, transactions, out);
    }

    private Relation relation(int oid) {
      Relation r = relations.get(oid);
      if (r == null) {
        throw new IllegalArgumentException(
            "a change of relation " + oid + " before any Relation message described it");
      }
      return r;
    }

    private Table table(Relation r) {
      return tables.computeIfAbsent(r.qualified(), k -> new Table());
    }

    /**
     * The row's replica identity as {@code col=value, ...}; a table without one (whose updates and
     * deletes pgoutput refuses) is named by all its columns.
     */
    private static String key(Relation r, Tuple t) {
      boolean anyKey = r.columns().stream().anyMatch(Column::key);
      List<String> parts = new ArrayList<>();
      for (int i = 0; i < r.columns().size() && i < t.values().size(); i++) {
        Column c = r.columns().get(i);
        if (c.key() || !anyKey) {
          parts.add(c.name() + "=" + t.values().get(i).display());
        }
      }
      return String.join(", ", parts);
    }
  }
}
