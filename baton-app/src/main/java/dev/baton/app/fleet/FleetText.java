package dev.baton.app.fleet;

import dev.baton.app.output.Json;
import dev.baton.fleet.FleetStatus;
import dev.baton.fleet.SystemStatus;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How {@code fleet status} prints a fleet: a sentence, then one line per system; or JSON. */
final class FleetText {

  private FleetText() {}

  static void show(FleetStatus status, boolean json, PrintStream out) {
    if (json) {
      out.println(Json.write(asMap(status, true)));
      return;
    }
    out.println("fleet " + status.fleet() + ": " + status.sentence());
    out.printf(
        "%-24s %4s  %-8s %-24s %5s  %-26s %s%n",
        "SYSTEM", "WAVE", "STATE", "WORKER", "EPOCH", "RUN", "");
    for (SystemStatus s : status.systems()) {
      out.printf(
          "%-24s %4d  %-8s %-24s %5s  %-26s %s%n",
          s.system(),
          s.wave() + 1,
          s.state().label(),
          s.worker() == null ? "-" : s.worker(),
          s.epoch() == 0 ? "-" : Long.toString(s.epoch()),
          s.runId() == null ? "-" : s.runId(),
          s.sentence() == null ? "" : s.sentence());
    }
  }

  static void list(List<FleetStatus> all, boolean json, PrintStream out) {
    if (json) {
      List<Object> fleets = new ArrayList<>();
      all.forEach(s -> fleets.add(asMap(s, false)));
      out.println(Json.write(fleets));
      return;
    }
    if (all.isEmpty()) {
      out.println("no fleets");
    }
    all.forEach(s -> out.println("fleet " + s.fleet() + ": " + s.sentence()));
  }

  static void sentence(FleetStatus status, boolean json, PrintStream out) {
    if (json) {
      out.println(Json.write(asMap(status, false)));
    } else {
      out.println("fleet " + status.fleet() + ": " + status.sentence());
    }
  }

  private static Map<String, Object> asMap(FleetStatus status, boolean systems) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("fleet", status.fleet());
    m.put("state", status.state().label());
    m.put("wave", status.currentWave());
    m.put("waves", status.waves());
    m.put("failureBudget", status.failureBudget());
    m.put("failures", status.failures().size());
    Map<String, Long> counts = new LinkedHashMap<>();
    status.counts().forEach((k, v) -> counts.put(k.label(), v));
    m.put("counts", counts);
    m.put("sentence", status.sentence());
    if (systems) {
      List<Object> rows = new ArrayList<>();
      for (SystemStatus s : status.systems()) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("system", s.system());
        r.put("wave", s.wave() + 1);
        r.put("state", s.state().label());
        r.put("worker", s.worker());
        r.put("epoch", s.epoch());
        r.put("run", s.runId());
        r.put("claimedAt", s.claimedAt());
        r.put("finishedAt", s.finishedAt());
        r.put("sentence", s.sentence());
        rows.add(r);
      }
      m.put("systems", rows);
    }
    return m;
  }
}
