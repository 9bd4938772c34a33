package dev.baton.guard;

import dev.baton.facts.Facts;
import dev.baton.facts.Property;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How new one server's data is, as far as it can be read: the WAL position (current, replayed, or
 * from the control file of a stopped server), its timeline, and the last checkpoint and replayed
 * commit times. Two of them compare by timeline first, then position.
 */
public record DataNewness(
    String component,
    long lsn,
    int timeline,
    String lsnText,
    String from,
    String checkpointTime,
    String replayTime) {

  public static DataNewness of(Facts facts, String component) {
    String lsn = facts.property(Property.DATA_LSN.of(component)).orElse("");
    return new DataNewness(
        component,
        parseLsn(lsn),
        parseInt(facts.property(Property.DATA_TIMELINE.of(component)).orElse("")),
        lsn,
        facts.property(Property.DATA_LSN_FROM.of(component)).orElse(""),
        facts.property(Property.CHECKPOINT_TIME.of(component)).orElse(""),
        facts.property(Property.LAST_REPLAY_TIME.of(component)).orElse(""));
  }

  public boolean known() {
    return lsn >= 0 && timeline >= 0;
  }

  /** Positive when this side holds newer data than {@code other}, 0 when the same. */
  public int compareTo(DataNewness other) {
    return timeline != other.timeline
        ? Integer.compare(timeline, other.timeline)
        : Long.compare(lsn, other.lsn);
  }

  /** e.g. {@code pg-a: WAL 0/5000060 on timeline 1 (pg_controldata, stopped), ...}. */
  public String describe() {
    if (!known()) {
      return component + ": nothing readable (neither SQL nor pg_controldata answered)";
    }
    List<String> parts = new ArrayList<>();
    parts.add(
        "WAL " + lsnText + " on timeline " + timeline + (from.isEmpty() ? "" : " (" + from + ")"));
    if (!checkpointTime.isEmpty()) {
      parts.add("last checkpoint " + checkpointTime);
    }
    if (!replayTime.isEmpty()) {
      parts.add("last replayed commit " + replayTime);
    }
    return component + ": " + String.join(", ", parts);
  }

  /** The sentence naming which of two sides holds newer data, or that it cannot be told. */
  public static String compare(DataNewness a, DataNewness b) {
    String both = " [" + a.describe() + "; " + b.describe() + "]";
    if (!a.known() || !b.known()) {
      return "which side holds newer data cannot be told" + both;
    }
    int c = a.compareTo(b);
    if (c == 0) {
      return a.component() + " and " + b.component() + " hold the same data" + both;
    }
    DataNewness newer = c > 0 ? a : b;
    DataNewness older = c > 0 ? b : a;
    String how =
        newer.timeline != older.timeline
            ? "a later timeline (" + newer.timeline + " vs " + older.timeline + ")"
            : (newer.lsn - older.lsn) + " bytes of WAL more";
    return newer.component() + " holds the newer data (" + how + ")" + both;
  }

  static Optional<DataNewness> newer(DataNewness a, DataNewness b) {
    if (!a.known() || !b.known() || a.compareTo(b) == 0) {
      return Optional.empty();
    }
    return Optional.of(a.compareTo(b) > 0 ? a : b);
  }

  /** A PostgreSQL-style WAL position ({@code 0/3000148}) as a number, or -1. */
  public static long parseLsn(String text) {
    String[] p = text.strip().split("/");
    if (p.length != 2) {
      return -1;
    }
    try {
      return (Long.parseLong(p[0], 16) << 32) | Long.parseLong(p[1], 16);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static int parseInt(String s) {
    try {
      return Integer.parseInt(s.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
