package dev.baton.app.report;

import dev.baton.drivers.postgresql.LinkSample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A synchronisation report of one system over a window (seed 004 has XOsoft print one): per
 * replication link, the bytes and rows the primary changed, the transactions it committed, and the
 * standby's replay lag over time.
 */
public record SyncReport(
    String system, Instant started, Instant finished, Duration interval, List<Link> links) {

  public SyncReport {
    links = List.copyOf(links);
  }

  /** One link's figures; counts are sums of the deltas between consecutive samples. */
  public record Link(
      String link,
      String from,
      String to,
      int samples,
      long durationMs,
      long bytesChanged,
      long rowsInserted,
      long rowsUpdated,
      long rowsDeleted,
      long rowsChanged,
      long transactions,
      Lag lag,
      List<Point> series,
      List<String> notes) {

    public Link {
      series = List.copyOf(series);
      notes = List.copyOf(notes);
    }
  }

  /** Replay lag in bytes over the samples that had a streaming standby; null when none had. */
  public record Lag(Long minBytes, Long medianBytes, Long maxBytes, int measured) {}

  /** One sample as the report shows it: time since the start, primary, WAL position, lag. */
  public record Point(long atMs, String primary, long walBytes, long lagBytes) {}

  /**
   * Builds one link's figures. A delta across a primary change or a counter reset (a restart) is
   * not counted, and a note says so: those bytes cannot be attributed to either server.
   */
  public static Link link(
      String name, String from, String to, List<LinkSample> samples, List<String> failures) {
    List<String> notes = new ArrayList<>(failures);
    long bytes = 0;
    long ins = 0;
    long upd = 0;
    long del = 0;
    long commits = 0;
    for (int i = 1; i < samples.size(); i++) {
      LinkSample a = samples.get(i - 1);
      LinkSample b = samples.get(i);
      if (!a.primary().equals(b.primary()) || b.walLsn() < a.walLsn()) {
        notes.add(
            "the primary changed or restarted between "
                + a.at()
                + " and "
                + b.at()
                + "; that interval is not counted");
        continue;
      }
      bytes += b.walLsn() - a.walLsn();
      ins += Math.max(0, b.inserted() - a.inserted());
      upd += Math.max(0, b.updated() - a.updated());
      del += Math.max(0, b.deleted() - a.deleted());
      commits += Math.max(0, b.committed() - a.committed());
    }
    Instant first = samples.isEmpty() ? null : samples.get(0).at();
    List<Point> series =
        samples.stream()
            .map(
                s ->
                    new Point(
                        Duration.between(first, s.at()).toMillis(),
                        s.primary(),
                        s.walLsn(),
                        s.lagBytes()))
            .toList();
    long duration =
        samples.size() < 2
            ? 0
            : Duration.between(first, samples.get(samples.size() - 1).at()).toMillis();
    return new Link(
        name,
        from,
        to,
        samples.size(),
        duration,
        bytes,
        ins,
        upd,
        del,
        ins + upd + del,
        commits,
        lag(samples),
        series,
        notes);
  }

  private static Lag lag(List<LinkSample> samples) {
    List<Long> known =
        samples.stream().map(LinkSample::lagBytes).filter(l -> l >= 0).sorted().toList();
    if (known.isEmpty()) {
      return new Lag(null, null, null, 0);
    }
    return new Lag(
        known.get(0), known.get(known.size() / 2), known.get(known.size() - 1), known.size());
  }
}
