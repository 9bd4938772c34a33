package dev.baton.drivers.postgresql;

import dev.baton.drivers.transport.Transport;
import dev.baton.engine.DriverException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a removed link left on one of its ends, kept in {@code <backupDir>/split-<db>}: when the
 * link was removed, the end's split slot (the slot of the other end's dropped subscription) and the
 * publication it decodes with, and the last of this end's commits the other end applied. Written
 * once, before the subscription that knows these is dropped, so a removal that stopped half way
 * finds them again; deleted when the link is rebuilt.
 */
record SplitFile(Instant removedAt, String slot, String publication, long appliedUpTo) {

  static String path(PgConfig c, String db) {
    return c.backupDir() + "/split-" + db.replaceAll("[^A-Za-z0-9_.-]", "_");
  }

  String text() {
    return "removed-at="
        + removedAt
        + "\nslot="
        + slot
        + "\npublication="
        + publication
        + "\napplied-up-to="
        + Lsn.format(appliedUpTo)
        + "\n";
  }

  static SplitFile parse(String text, String where) throws DriverException {
    Map<String, String> m = new LinkedHashMap<>();
    text.lines()
        .map(String::strip)
        .filter(l -> l.contains("="))
        .forEach(l -> m.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
    try {
      return new SplitFile(
          Instant.parse(need(m, "removed-at", where)),
          need(m, "slot", where),
          need(m, "publication", where),
          m.containsKey("applied-up-to") ? Lsn.parse(m.get("applied-up-to")) : 0);
    } catch (DateTimeParseException | IllegalArgumentException e) {
      throw new DriverException(
          where + " is not a split record Baton wrote (" + e.getMessage() + "); delete it", text);
    }
  }

  private static String need(Map<String, String> m, String key, String where)
      throws DriverException {
    String v = m.get(key);
    if (v == null || v.isBlank()) {
      throw new DriverException(
          where + " has no " + key + "; it is not a split record Baton wrote, delete it", "");
    }
    return v;
  }

  static Optional<SplitFile> read(PgConfig c, Transport t, String db) throws DriverException {
    String where = path(c, db) + " on " + c.node();
    Optional<String> text = t.readFile(path(c, db));
    return text.isEmpty() ? Optional.empty() : Optional.of(parse(text.get(), where));
  }

  /**
   * Writes the file unless it exists: a re-run keeps the first removal's record. The content goes
   * to a temporary file that is then hard-linked into place, which fails when the file exists, so a
   * half-written record is never read.
   */
  void writeOnce(PgConfig c, Transport t, String db) throws DriverException {
    String file = path(c, db);
    PgActions.run(
        t,
        c,
        "sh",
        "-c",
        "mkdir -p \"$3\" && printf '%s' \"$2\" > \"$1.tmp\""
            + " && { ln \"$1.tmp\" \"$1\" 2>/dev/null; rm -f \"$1.tmp\"; test -f \"$1\"; }",
        "sh",
        file,
        text(),
        c.backupDir());
  }

  static void delete(PgConfig c, Transport t, String db) throws DriverException {
    PgActions.run(t, c, "rm", "-f", path(c, db));
  }
}
