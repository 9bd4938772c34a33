package dev.baton.app.report;

import dev.baton.app.output.Markdown;

/** Renders a {@link SyncReport} as Markdown: a summary per link, then its samples. */
public final class SyncMarkdown {
  private SyncMarkdown() {}

  public static String render(SyncReport r) {
    StringBuilder b = new StringBuilder();
    b.append("# Synchronisation report: ").append(Markdown.text(r.system())).append("\n\n");
    b.append("| | |\n|---|---|\n");
    row(b, "started", r.started().toString());
    row(b, "finished", r.finished().toString());
    row(b, "interval", r.interval().toMillis() + " ms");
    for (SyncReport.Link l : r.links()) {
      b.append("\n## ").append(Markdown.text(l.link())).append(" (");
      b.append(Markdown.text(l.from())).append(" → ").append(Markdown.text(l.to()));
      b.append(")\n\n| | |\n|---|---|\n");
      row(b, "samples", Integer.toString(l.samples()));
      row(b, "duration", l.durationMs() + " ms");
      row(b, "bytes changed (WAL)", l.bytesChanged() + " B");
      row(
          b,
          "rows changed",
          l.rowsChanged()
              + " ("
              + l.rowsInserted()
              + " inserted, "
              + l.rowsUpdated()
              + " updated, "
              + l.rowsDeleted()
              + " deleted)");
      row(b, "transactions committed", Long.toString(l.transactions()));
      SyncReport.Lag lag = l.lag();
      row(
          b,
          "replay lag min / median / max",
          lag.measured() == 0
              ? "not measured (no streaming standby)"
              : lag.minBytes() + " / " + lag.medianBytes() + " / " + lag.maxBytes() + " B");
      for (String n : l.notes()) {
        row(b, "note", n);
      }
      b.append("\n| ms | primary | WAL position (bytes) | lag (bytes) |\n|---|---|---|---|\n");
      for (SyncReport.Point p : l.series()) {
        b.append("| ").append(p.atMs()).append(" | ").append(Markdown.text(p.primary()));
        b.append(" | ");
        b.append(p.walBytes()).append(" | ");
        b.append(p.lagBytes() < 0 ? "–" : Long.toString(p.lagBytes())).append(" |\n");
      }
    }
    return b.toString();
  }

  private static void row(StringBuilder b, String k, String v) {
    b.append("| ").append(k).append(" | ").append(Markdown.text(v)).append(" |\n");
  }
}
