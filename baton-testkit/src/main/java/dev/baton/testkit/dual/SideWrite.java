package dev.baton.testkit.dual;

import java.util.Locale;

/**
 * One write a {@link SideClient} attempted, as one line of its output file: ten fields separated by
 * single spaces, none of which can hold a space:
 *
 * <pre>side seq db table op key startMs endMs outcome server</pre>
 *
 * e.g. {@code A 17 main accounts insert 35 1760000000000 1760000000004 ok 127.0.10.1:6543}. The
 * outcome is {@code ok}, {@code error:<sqlstate>} or {@code indoubt} (the commit's answer was
 * lost); server is the {@code address:port} that ran it, or {@code -} when none answered. An insert
 * or update writes the note {@link #note()}, so a row shows which write put it there.
 */
public record SideWrite(
    Side side,
    long seq,
    String db,
    String table,
    Op op,
    long key,
    long startMs,
    long endMs,
    Outcome outcome,
    String sqlState,
    String server) {

  /** What the write did to its row. */
  public enum Op {
    INSERT,
    UPDATE,
    DELETE;

    String text() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** How the attempt ended. */
  public enum Outcome {
    /** Committed, and the client saw the commit's answer. */
    OK,
    /** Not committed: the server refused it or the connection failed before COMMIT was sent. */
    ERROR,
    /** COMMIT was sent and its answer lost: the write may or may not have happened. */
    INDOUBT
  }

  /** What a line holds in place of a server when none answered. */
  public static final String NO_SERVER = "-";

  /** What a line holds in place of an SQLSTATE when an error came without one. */
  public static final String NO_SQLSTATE = "none";

  public SideWrite {
    if (outcome == Outcome.ERROR && (sqlState == null || sqlState.isBlank())) {
      sqlState = NO_SQLSTATE;
    }
    if (outcome != Outcome.ERROR) {
      sqlState = "";
    }
    if (server == null || server.isBlank()) {
      server = NO_SERVER;
    }
  }

  /** The note an insert or update of this write puts in its row: side and sequence number. */
  public String note() {
    return side.name() + "-" + seq;
  }

  public boolean acknowledged() {
    return outcome == Outcome.OK;
  }

  public boolean inDoubt() {
    return outcome == Outcome.INDOUBT;
  }

  /** The line this write is stored as, without its newline. */
  public String format() {
    String result = outcome == Outcome.ERROR ? "error:" + sqlState : text(outcome);
    return String.join(
        " ",
        side.name(),
        Long.toString(seq),
        db,
        table,
        op.text(),
        Long.toString(key),
        Long.toString(startMs),
        Long.toString(endMs),
        result,
        server);
  }

  /** Reads one line written by {@link #format()}; throws naming what is wrong with it. */
  public static SideWrite parse(String line) {
    String[] f = line.strip().split(" ", -1);
    if (f.length != 10) {
      throw new IllegalArgumentException(
          "a write line has 10 fields (side seq db table op key startMs endMs outcome server),"
              + " this one "
              + f.length
              + ": "
              + line);
    }
    try {
      String result = f[8];
      Outcome outcome =
          result.startsWith("error:")
              ? Outcome.ERROR
              : Outcome.valueOf(result.toUpperCase(Locale.ROOT));
      String sqlState = outcome == Outcome.ERROR ? result.substring("error:".length()) : "";
      return new SideWrite(
          Side.of(f[0]),
          Long.parseLong(f[1]),
          f[2],
          f[3],
          Op.valueOf(f[4].toUpperCase(Locale.ROOT)),
          Long.parseLong(f[5]),
          Long.parseLong(f[6]),
          Long.parseLong(f[7]),
          outcome,
          sqlState,
          f[9]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cannot read write line '" + line + "': " + e.getMessage(), e);
    }
  }

  private static String text(Outcome o) {
    return o.name().toLowerCase(Locale.ROOT);
  }
}
