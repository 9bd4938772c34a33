package dev.baton.journal;

import dev.baton.engine.CorruptJournalException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How far the journal was known to reach: the highest record sequence committed, that record's
 * hash, and how many runs there were. Kept by {@link AnchorFile} outside the database, where losing
 * SQLite's write-ahead log cannot take it back (ADR 0024).
 *
 * @param seq the highest record sequence committed (SQLite's AUTOINCREMENT high-water mark)
 * @param hash the hash of that record, or empty when there is none
 * @param runs how many runs the journal held
 */
record Anchor(long seq, String hash, long runs) {

  private static final String MAGIC = "baton-journal-anchor 1";
  private static final Pattern LINE =
      Pattern.compile(
          Pattern.quote(MAGIC)
              + " seq=(\\d{1,18}) hash=([0-9a-f]{0,64}) runs=(\\d{1,18}) check=([0-9a-f]{16})");

  static final Anchor NONE = new Anchor(0, "", 0);

  /** The furthest of the two in each count: anchors only move forward. */
  Anchor merge(Anchor other) {
    Anchor later = other.seq > seq ? other : this;
    return new Anchor(later.seq, later.hash, Math.max(runs, other.runs));
  }

  String text() {
    String s = Long.toString(seq);
    String r = Long.toString(runs);
    return MAGIC + " seq=" + s + " hash=" + hash + " runs=" + r + " check=" + check(s, hash, r);
  }

  /** The anchor written as {@code text}; {@code where} names the file for the error. */
  static Anchor parse(String text, String where) {
    Matcher m = LINE.matcher(text.strip());
    if (!m.matches() || !check(m.group(1), m.group(2), m.group(3)).equals(m.group(4))) {
      throw new CorruptJournalException(
          "journal anchor %s is damaged, so whether the journal lost records cannot be told%s"
              .formatted(where, SqliteFile.NO_ACTION));
    }
    return new Anchor(Long.parseLong(m.group(1)), m.group(2), Long.parseLong(m.group(3)));
  }

  private static String check(String seq, String hash, String runs) {
    return Digest.of(MAGIC, seq, hash, runs).substring(0, 16);
  }
}
