package dev.baton.app;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.model.Topology;
import dev.baton.pack.PackLoader;
import dev.baton.pack.Packs;
import dev.baton.topology.BadInputException;
import dev.baton.topology.TopologyLoader;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * TESTING.md row 10: malformed topology, pack and CLI input, fuzzed. Each case is seeded, mutates
 * an example topology, a pack or an argument vector, runs the CLI in process with a home of its
 * own, and checks what an operator would see: exit code 0, 2 or 3, no internal error, no exception,
 * no stack trace, no secret's value, errors in a topology or pack at file:line:column, and nothing
 * created in the home by a command that only reads.
 *
 * <p>To look at one case: {@code -Dbaton.fuzz.seed=SEED} runs only it, prints its arguments and
 * keeps its files in {@code $TMPDIR/baton-fuzz-case}; {@code -Dbaton.fuzz.cases=N} runs N cases.
 */
class CliFuzzTest {

  private static final long SEED = 20261203L;
  private static final int CASES = Integer.getInteger("baton.fuzz.cases", 10_000);

  /** Case seeds that once found a failure; they run first, every time, whatever SEED becomes. */
  private static final long[] FOUND = {
    20262997L, // plan /dev/zero read until the heap ran out (SourceFile)
    20261388L, // roleModel: !!binary AAAA crashed the schema check (YamlReader)
    20262731L, // transport: -9223372036854775808 had no location for its message (Location)
    20262740L, // a TOPOLOGY holding NUL named InvalidPathException (Main's Path converter)
    20267757L, // a pack error quoting a block scalar spread over lines (InputError)
  };

  private static final List<String> READ_ONLY =
      List.of("validate", "plan", "observe", "status", "report", "bookmarks", "sync-report");

  @TempDir(factory = InMemoryWhenPossible.class)
  Path work;

  /**
   * Cases journal with fsync; in memory ({@code /dev/shm}, where there is one) the fuzzer measures
   * Baton rather than the disk.
   */
  static final class InMemoryWhenPossible implements TempDirFactory {
    @Override
    public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext context)
        throws IOException {
      Path shm = Path.of("/dev/shm");
      return Files.isDirectory(shm) && Files.isWritable(shm)
          ? Files.createTempDirectory(shm, "baton-fuzz-")
          : Files.createTempDirectory("baton-fuzz-");
    }
  }

  private final Map<String, String> secrets = new LinkedHashMap<>();
  private final List<Path> topologies = new ArrayList<>();
  private final List<String> topologyTexts = new ArrayList<>();
  private final List<String> packTexts = new ArrayList<>();
  private FuzzValues values;

  @Test
  void malformedInputNeverEndsInACrashALeakOrACreatedHome() throws Exception {
    prepare();
    List<String> failures = new ArrayList<>();
    Map<String, Integer> byKind = new LinkedHashMap<>();
    long started = System.nanoTime();
    var threads = ManagementFactory.getThreadMXBean();
    long cpuStarted = threads.getCurrentThreadCpuTime();
    caseStarted = System.nanoTime();
    Thread watchdog = watchdog();
    Long only = Long.getLong("baton.fuzz.seed");
    Set<Long> seeds = new LinkedHashSet<>();
    if (only != null) {
      seeds.add(only);
    } else {
      Arrays.stream(FOUND).forEach(seeds::add);
      LongStream.range(SEED, SEED + CASES).forEach(seeds::add);
    }
    for (long seed : seeds) {
      current = seed;
      caseStarted = System.nanoTime();
      String kind = runCase(seed, failures);
      byKind.merge(kind, 1, Integer::sum);
    }
    watchdog.interrupt();
    long ms = (System.nanoTime() - started) / 1_000_000;
    long cpuMs = (threads.getCurrentThreadCpuTime() - cpuStarted) / 1_000_000;
    System.out.printf(
        "fuzz: %d cases in %d ms, %d ms of CPU on the test's thread; %s; exit codes %s%n",
        seeds.size(), ms, cpuMs, byKind, byExit);
    assertTrue(
        failures.isEmpty(),
        failures.size() + " of " + seeds.size() + " cases failed:\n" + String.join("\n", failures));
  }

  private final Map<Integer, Integer> byExit = new TreeMap<>();
  private volatile long current;
  private volatile long caseStarted;

  /** Names a case that runs for more than 20 s, since a case that hangs cannot fail by itself. */
  private Thread watchdog() {
    PrintStream console = System.err;
    Thread t =
        new Thread(
            () -> {
              long reported = -1;
              while (!Thread.currentThread().isInterrupted()) {
                long seed = current;
                if (seed != reported && System.nanoTime() - caseStarted > 20_000_000_000L) {
                  console.println("fuzz: seed " + seed + " has run for more than 20 s");
                  reported = seed;
                }
                try {
                  Thread.sleep(1000);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "fuzz-watchdog");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Copies the examples with their secrets read from files of known values, and the packs. */
  private void prepare() throws IOException {
    Path examples = Cli.example("takeover-sim.yaml").getParent();
    Path secretDir = Files.createDirectory(work.resolve("secrets"));
    try (Stream<Path> files = Files.list(examples)) {
      for (Path p : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        String text = Files.readString(p);
        var m = Pattern.compile("env:([A-Z_]+)").matcher(text);
        while (m.find()) {
          String name = m.group(1);
          String value = "fuzz-secret-" + name.toLowerCase() + "-7f3a9c";
          secrets.put(name, value);
          Files.writeString(secretDir.resolve(name), value);
        }
        text = text.replaceAll("env:([A-Z_]+)", "file:" + secretDir + "/$1");
        Path copy = work.resolve(p.getFileName());
        Files.writeString(copy, text);
        topologies.add(copy);
        topologyTexts.add(text);
      }
    }
    try (Stream<Path> files = Files.list(examples.resolveSibling("packs"))) {
      for (Path p : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        packTexts.add(Files.readString(p));
      }
    }
    values = new FuzzValues(work);
  }

  /** Runs one case and returns its kind; a failure is added to {@code failures}. */
  private String runCase(long seed, List<String> failures) throws IOException {
    Random r = new Random(seed);
    Path dir = work.resolve("case-" + seed);
    Files.createDirectory(dir);
    Path home = dir.resolve("home");
    int dice = r.nextInt(100);
    if (dice < 20) {
      checkPack(seed, r, dir, failures);
      return "pack";
    }
    List<String> args;
    String kind;
    if (dice < 60) {
      int i = r.nextInt(topologyTexts.size());
      Path mutated = dir.resolve("topology.yaml");
      String text = Mutate.yaml(r, topologyTexts.get(i), values);
      Files.writeString(mutated, text);
      args = FuzzArgs.forTopology(r, mutated, isSim(text));
      kind = "topology";
    } else {
      Path topology = values.topology(r, topologies);
      args = FuzzArgs.mutated(r, FuzzArgs.template(r, topology), values, dir);
      kind = "args";
    }
    args = FuzzArgs.finished(args, values.home(r, home, dir));
    if (Long.getLong("baton.fuzz.seed") != null) {
      // Debugging one seed: keep what it ran, since the case's directory is removed afterwards.
      System.out.println("fuzz: args " + FuzzValues.show(args));
      Path kept = Path.of(System.getProperty("java.io.tmpdir"), "baton-fuzz-case");
      copyTree(dir, kept);
      System.out.println("fuzz: case kept in " + kept);
    }
    Cli.Result result = Cli.inProcess(args.toArray(String[]::new));
    byExit.merge(result.code(), 1, Integer::sum);
    List<String> wrong = wrong(args, result, home);
    if (kind.equals("topology") && args.get(0).equals("validate") && result.code() == 2) {
      String at = Pattern.quote(args.get(1)) + ":\\d+:\\d+: .*";
      if (!result.err().lines().allMatch(l -> l.matches(at))) {
        wrong.add("an error without file:line:column");
      }
    }
    if (!wrong.isEmpty()) {
      failures.add(
          "seed "
              + seed
              + ": "
              + String.join(", ", wrong)
              + "\n  args: "
              + FuzzValues.show(args)
              + "\n  "
              + FuzzValues.show(List.of(excerpt(result))));
    }
    return kind;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : all.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static final Pattern DRIVER = Pattern.compile("(?m)^driver\\b.*$");

  /**
   * Whether a topology may be given a command that acts: only when its one top-level driver line
   * names the simulator (a mutated file that parses to another driver would act on this machine).
   * Reading the line is cheaper than parsing the file, and stricter.
   */
  private static boolean isSim(String text) {
    List<String> lines = DRIVER.matcher(text).results().map(m -> m.group()).toList();
    return lines.size() == 1
        && lines.get(0).matches("driver: sim( .*)?")
        && !text.contains("{driver");
  }

  /** What is wrong with what the operator saw, if anything. */
  private List<String> wrong(List<String> args, Cli.Result r, Path home) {
    String all = r.out() + r.err();
    List<String> wrong = new ArrayList<>();
    if (r.code() != 0 && r.code() != 2 && r.code() != 3) {
      wrong.add("exit " + r.code());
    }
    for (String bad : List.of("internal error", "Exception", "\tat ")) {
      if (all.contains(bad)) {
        wrong.add("output holds '" + bad.strip() + "'");
      }
    }
    secrets.forEach(
        (name, value) -> {
          if (all.contains(value)) {
            wrong.add("output holds the value of secret " + name);
          }
        });
    if (READ_ONLY.contains(args.get(0)) && Files.exists(home)) {
      wrong.add(args.get(0) + " created its home");
    }
    return wrong;
  }

  private static String excerpt(Cli.Result r) {
    String s = ("exit " + r.code() + " | " + r.err().strip() + " | " + r.out().strip());
    return s.length() > 600 ? s.substring(0, 600) + "…" : s;
  }

  /** A mutated pack is read by the pack loader and given to a topology: bad input, or fine. */
  private void checkPack(long seed, Random r, Path dir, List<String> failures) throws IOException {
    String name = "fuzzpack";
    String text = Mutate.yaml(r, packTexts.get(r.nextInt(packTexts.size())), values);
    Files.writeString(dir.resolve(name + ".yaml"), text);
    try {
      PackLoader.parse(text, name + ".yaml");
      Topology t = TopologyLoader.load(topologies.get(r.nextInt(topologies.size()))).topology();
      t.withTerms(new Packs(dir).load(name).terms());
    } catch (BadInputException e) {
      String at = "(" + Pattern.quote(dir.toString()) + "/)?" + name + "\\.yaml:\\d+:\\d+: .*";
      if (!e.getMessage().lines().allMatch(l -> l.matches(at))) {
        failures.add("seed " + seed + ": a pack error without file:line:column: " + e.getMessage());
      }
    } catch (RuntimeException e) {
      failures.add("seed " + seed + ": pack loader threw " + e);
    }
  }
}
