package dev.baton.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Argument vectors for the fuzzer: a valid command line for each command, then options dropped,
 * doubled, moved, garbled, or given odd values. The fuzzer's own home is appended last, and the
 * values of options that write files are kept to paths the fuzzer owns.
 */
final class FuzzArgs {
  private FuzzArgs() {}

  private static final List<String> STRATEGIES =
      List.of("takeover", "full-stop", "primary-first", "split-side", "uncluster", "switchover");
  private static final List<String> VERSIONS = List.of("2.0", "8.5.1", "9.0.7.2", "6.3.1", "4.0.2");

  /** The strategy and version each example is planned with, so that some runs go deep. */
  private static final java.util.Map<String, List<String>> FITS =
      java.util.Map.of(
          "takeover-sim.yaml", List.of("takeover", "2.0"),
          "csm-pair.yaml", List.of("takeover", "6.3.1"),
          "full-stop-sim.yaml", List.of("full-stop", "8.5.1"),
          "ccmp-dual-side.yaml", List.of("split-side", "8.5.1"),
          "connected-backup-cluster.yaml", List.of("primary-first", "9.0.7.2"),
          "entsso-cluster.yaml", List.of("uncluster", "4.0.2"),
          "bes-pair.yaml", List.of("switchover", "2.0"));

  private static final List<String> OPTIONS =
      List.of(
          "--set",
          "--override",
          "--operator",
          "--by",
          "--step",
          "--strategy",
          "-s",
          "--to",
          "--yes",
          "-y",
          "--output",
          "-o",
          "--format",
          "--out",
          "--events",
          "--verify-timeout",
          "--make",
          "--to-node",
          "--link",
          "--duration",
          "--interval",
          "--heartbeat",
          "--timeout",
          "--on-failure",
          "--for",
          "--max-failures",
          "--auto-reverse",
          "--alert-webhook",
          "--help",
          "--version",
          "-h",
          "-V");
  private static final List<String> WRITES = List.of("--events", "--out");
  private static final String RUN = "r-20261121-231500-a1b2";

  /** A command that cannot act when the topology does not drive the simulator. */
  static List<String> forTopology(Random r, Path topology, boolean sim) {
    String t = topology.toString();
    if (!sim) {
      return new ArrayList<>(List.of("validate", t));
    }
    String s = STRATEGIES.get(r.nextInt(STRATEGIES.size()));
    String v = VERSIONS.get(r.nextInt(VERSIONS.size()));
    return new ArrayList<>(
        switch (r.nextInt(40)) {
          case 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21 ->
              List.of("validate", t);
          case 22, 23, 24, 25, 26, 27, 28, 29, 30 -> List.of("plan", t, "-s", s, "--to", v);
          case 31, 32, 33 -> List.of("observe", t, "--output", "json");
          case 34, 35, 36 -> List.of("bookmarks", t);
          default -> List.of("apply", t, "-s", s, "--to", v, "--verify-timeout", "1");
        });
  }

  /** A valid command line of one of the commands. */
  static List<String> template(Random r, Path topology) {
    String t = topology.toString();
    List<String> fit = FITS.get(String.valueOf(topology.getFileName()));
    boolean fits = fit != null && r.nextBoolean();
    String s = fits ? fit.get(0) : STRATEGIES.get(r.nextInt(STRATEGIES.size()));
    String v = fits ? fit.get(1) : VERSIONS.get(r.nextInt(VERSIONS.size()));
    return new ArrayList<>(
        switch (r.nextInt(17)) {
          case 0 -> List.of("validate", t);
          case 1, 2 -> List.of("plan", t, "-s", s, "--to", v, "--set", "order=active-first");
          case 3 ->
              List.of(
                  "apply",
                  t,
                  "-s",
                  s,
                  "--to",
                  v,
                  "--verify-timeout",
                  "1",
                  "--override",
                  "same-level=fuzz",
                  "--operator",
                  "fuzz");
          case 4 -> List.of("observe", t, "-o", "json");
          case 5 -> List.of("status", RUN, "-o", "json");
          case 6 -> List.of("report", RUN, "--format", "md", "--out", "report.md");
          case 7 -> List.of("resume", RUN, "--yes", "--events", "events.jsonl");
          case 8 -> List.of("abort", RUN);
          case 9 -> List.of("approve", RUN, "--by", "alice", "--step", "upgrade-csm-a-server");
          case 10 -> List.of("bookmark", t, "before-import");
          case 11 -> List.of("bookmarks", t);
          case 12 -> List.of("rewind", t, "--to", "before-import");
          case 13 ->
              List.of(
                  "recover-active",
                  t,
                  "--make",
                  "csm-b-server",
                  "--override",
                  "recover-active=fuzz",
                  "--verify-timeout",
                  "1");
          case 14 -> List.of("switchback", t, "--set", "reverse=manual", "--to-node", "csm-a");
          case 15 -> List.of("watch", t, "--heartbeat", "50ms", "--timeout", "1s");
          default -> List.of("sync-report", t, "--duration", "1s", "--interval", "1s");
        });
  }

  /** {@code args} with up to three mutations; a quarter run as they are, to reach deeper. */
  static List<String> mutated(Random r, List<String> args, FuzzValues values, Path caseDir) {
    int n = r.nextInt(4);
    for (int i = 0; i < n; i++) {
      int at = r.nextInt(args.size());
      switch (r.nextInt(7)) {
        case 0 -> {
          if (args.size() > 1) {
            args.remove(at);
          }
        }
        case 1 -> args.add(r.nextInt(args.size() + 1), args.get(at));
        case 2 -> args.set(at, args.set(r.nextInt(args.size()), args.get(at)));
        case 3 -> args.set(args.size() > 1 ? Math.max(1, at) : 0, values.any(r));
        case 4 -> args.set(at, garble(r, args.get(at)));
        case 5 -> {
          int where = 1 + r.nextInt(args.size());
          args.add(Math.min(where, args.size()), OPTIONS.get(r.nextInt(OPTIONS.size())));
          args.add(Math.min(where + 1, args.size()), values.any(r));
        }
        default -> args.add(values.any(r));
      }
    }
    return ownedWrites(r, args, values, caseDir);
  }

  private static String garble(Random r, String s) {
    if (s.isEmpty()) {
      return "-";
    }
    int at = r.nextInt(s.length());
    return switch (r.nextInt(4)) {
      case 0 -> s.substring(0, at) + s.substring(at + 1);
      case 1 -> s.substring(0, at) + (char) (33 + r.nextInt(94)) + s.substring(at);
      case 2 -> s.toUpperCase();
      default -> s + "=" + s;
    };
  }

  /** Files written by --events and --out go only where the fuzzer may write. */
  private static List<String> ownedWrites(
      Random r, List<String> args, FuzzValues values, Path caseDir) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      String option = WRITES.stream().filter(w -> a.startsWith(w + "=")).findFirst().orElse(null);
      if (option != null) {
        out.add(option + "=" + values.writePath(r, caseDir));
      } else if (WRITES.contains(a) && i + 1 < args.size()) {
        out.add(a);
        out.add(values.writePath(r, caseDir));
        i++;
      } else {
        out.add(a);
      }
    }
    return out;
  }

  /**
   * {@code args} with every {@code --home} removed and {@code home} appended: a fuzzed home could
   * name the working directory, and a run would then write its journal into the checkout. A watch
   * is given {@code --for 200ms} in place of any limit of its own, so that it ends.
   */
  static List<String> finished(List<String> args, String home) {
    boolean watch = !args.isEmpty() && args.get(0).equals("watch");
    List<String> out = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("--home") || (watch && a.equals("--for"))) {
        i++;
      } else if (!a.startsWith("--home=") && !(watch && a.startsWith("--for="))) {
        out.add(a);
      }
    }
    if (watch) {
      out.addAll(List.of("--for", "200ms"));
    }
    out.add("--home");
    out.add(home);
    return out;
  }
}
