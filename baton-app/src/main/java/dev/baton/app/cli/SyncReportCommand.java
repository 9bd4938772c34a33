package dev.baton.app.cli;

import dev.baton.app.UsageException;
import dev.baton.app.events.EventLog;
import dev.baton.app.output.Json;
import dev.baton.app.output.LostEvents;
import dev.baton.app.report.SyncMarkdown;
import dev.baton.app.report.SyncReport;
import dev.baton.app.wiring.Secrets;
import dev.baton.drivers.postgresql.LinkSample;
import dev.baton.drivers.postgresql.LinkSampler;
import dev.baton.drivers.transport.Transports;
import dev.baton.engine.DriverException;
import dev.baton.model.ReplicationLink;
import dev.baton.model.Topology;
import dev.baton.topology.LoadedTopology;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code baton sync-report}: samples the replication links and reports. */
@Command(
    mixinStandardHelpOptions = true,
    name = "sync-report",
    description = {
      "Report what replication carried over a period.",
      "Samples every replication link for a while: bytes of WAL the primary wrote, rows inserted, updated and deleted, transactions committed, and the standby's replay lag over time (min, median, max and every sample). Read-only; needs driver postgresql."
    },
    footer = {"", "Example:", "  baton sync-report pair.yaml --duration 60s --interval 5s"})
public final class SyncReportCommand implements Callable<Integer> {

  /** Enough for a day at one sample a second; a longer loop is almost surely a typo. */
  private static final long MAX_SAMPLES = 100_000;

  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");

  /** How the report is printed. */
  enum Format {
    md,
    json
  }

  @Parameters(index = "0", paramLabel = "TOPOLOGY", description = "The topology file (YAML).")
  Path topology;

  @Option(
      names = "--duration",
      required = true,
      paramLabel = "D",
      description = "How long to sample, e.g. 30s, 5m, 500ms (a bare number is seconds).")
  String duration;

  @Option(
      names = "--interval",
      paramLabel = "I",
      defaultValue = "1s",
      description = "Time between samples. Default: ${DEFAULT-VALUE}")
  String interval;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "md",
      description = "md or json. Default: ${DEFAULT-VALUE}")
  Format format;

  @Option(
      names = "--link",
      paramLabel = "NAME",
      description = "Only this replication link.",
      converter = OneLine.class)
  String link;

  @Option(
      names = "--events",
      paramLabel = "FILE",
      description = "Also write each sample as a sync.sample event (JSON lines) to FILE, or -.")
  String events;

  @Override
  public Integer call() throws Exception {
    Duration d = parse("--duration", duration);
    Duration i = parse("--interval", interval);
    if (i.isZero() || i.compareTo(d) > 0) {
      throw new UsageException("--interval must be more than 0 and at most --duration");
    }
    if (d.toMillis() / i.toMillis() > MAX_SAMPLES) {
      throw new UsageException(
          "--duration / --interval asks for more than " + MAX_SAMPLES + " samples");
    }
    if (events != null && !EventLog.STDOUT.equals(events)) {
      OutputFile.check("--events", events);
    }
    LoadedTopology lt = Secrets.load(topology);
    Topology t = lt.topology();
    if (!"postgresql".equals(t.driver())) {
      throw new UsageException(
          "sync-report reads PostgreSQL statistics; system "
              + t.system()
              + " uses driver "
              + t.driver());
    }
    List<ReplicationLink> links = links(t);
    try (Transports transports =
            new Transports(t, dev.baton.app.wiring.Drivers.sshFromEnvironment());
        LinkSampler sampler = new LinkSampler(transports, Clock.systemUTC(), Secrets.byName(t));
        EventLog log = events == null ? null : openEvents(t)) {
      SyncReport r = sample(t, links, sampler, log, d, i);
      System.out.println(format == Format.json ? Json.write(r) : SyncMarkdown.render(r));
      int code = r.links().stream().allMatch(l -> l.samples() > 0) ? 0 : 1;
      return LostEvents.of(log, events).tell("the report is done", code);
    }
  }

  /** Samples at start + k × interval for k = 0 … duration / interval: a bounded loop. */
  private SyncReport sample(
      Topology t,
      List<ReplicationLink> links,
      LinkSampler sampler,
      EventLog log,
      Duration d,
      Duration i) {
    Map<String, List<LinkSample>> samples = new LinkedHashMap<>();
    Map<String, List<String>> failures = new LinkedHashMap<>();
    links.forEach(
        l -> {
          samples.put(l.name(), new ArrayList<>());
          failures.put(l.name(), new ArrayList<>());
        });
    long ticks = d.toMillis() / i.toMillis();
    Instant start = Instant.now();
    for (long k = 0; k <= ticks; k++) {
      waitUntil(start.plusMillis(k * i.toMillis()));
      for (ReplicationLink l : links) {
        try {
          LinkSample s = sampler.sample(t, l);
          samples.get(l.name()).add(s);
          emit(log, t, l, s);
        } catch (DriverException e) {
          failures.get(l.name()).add(Instant.now() + ": " + e.getMessage());
        }
      }
    }
    List<SyncReport.Link> out = new ArrayList<>();
    for (ReplicationLink l : links) {
      out.add(
          SyncReport.link(
              l.name(), l.from(), l.to(), samples.get(l.name()), failures.get(l.name())));
    }
    return new SyncReport(t.system(), start, Instant.now(), i, out);
  }

  private static void emit(EventLog log, Topology t, ReplicationLink l, LinkSample s) {
    if (log == null) {
      return;
    }
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("system", t.system());
    f.put("link", l.name());
    f.put("primary", s.primary());
    f.put("walBytes", s.walLsn());
    f.put("lagBytes", s.lagBytes());
    f.put("rowsChanged", s.rowsChanged());
    f.put("committed", s.committed());
    log.emit("sync.sample", f);
  }

  private EventLog openEvents(Topology t) throws UsageException {
    try {
      return EventLog.open(events, Secrets.redactorFor(t));
    } catch (IOException e) {
      throw new UsageException("--events " + events + ": cannot write: " + e.getMessage());
    }
  }

  private List<ReplicationLink> links(Topology t) throws UsageException {
    List<ReplicationLink> all =
        t.links().stream().filter(l -> link == null || l.name().equals(link)).toList();
    if (all.isEmpty()) {
      throw new UsageException(
          link == null
              ? "system " + t.system() + " has no replication link to report on"
              : "system "
                  + t.system()
                  + " has no replication link "
                  + link
                  + "; it has: "
                  + String.join(", ", t.links().stream().map(ReplicationLink::name).toList()));
    }
    return all;
  }

  // Pacing the samples is the point here, not a stand-in for a condition.
  private static void waitUntil(Instant when) {
    long ms = Duration.between(Instant.now(), when).toMillis();
    if (ms <= 0) {
      return;
    }
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sampling", e);
    }
  }

  static Duration parse(String flag, String text) throws UsageException {
    Matcher m = DURATION.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      throw new UsageException(flag + " '" + text + "': expected a number with ms, s, m or h");
    }
    long n;
    try {
      n = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      throw new UsageException(flag + " '" + text + "': too large");
    }
    String unit = m.group(2) == null ? "s" : m.group(2);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofSeconds(n);
    };
  }
}
