package dev.baton.app.report;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.app.wiring.Home;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a workload client measured during a run (the demo's and the benchmarks' write gap, lost
 * writes, two actives), kept beside the journal as {@code workload/RUN.json} by whatever ran the
 * client. Reports and the console show these figures when the file exists and never estimate them.
 */
public final class WorkloadFigures {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

  /** Plain words for the figures the test kit's checkers produce. */
  private static final Map<String, String> LABELS =
      Map.of(
          "longestGapMs", "longest time without an acknowledged write (ms)",
          "totalUnavailabilityMs", "time without an acknowledged write, in all (ms)",
          "acknowledgedWrites", "acknowledged writes",
          "lostWrites", "lost writes",
          "unexpectedWrites", "unexpected writes",
          "twoActives", "two actives (overlaps and conflicts)",
          "lostWritesCheck", "lost-writes check",
          "twoActivesCheck", "two-actives check");

  private WorkloadFigures() {}

  public static Path file(Home home, String runId) {
    if (!runId.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException("not a run id: " + runId);
    }
    return home.dir().resolve("workload").resolve(runId + ".json");
  }

  /** Keeps {@code figures} for {@code runId}; written once the workload has stopped. */
  public static void write(Home home, String runId, Map<String, Object> figures) {
    Path f = file(home, runId);
    try {
      Files.createDirectories(f.getParent());
      Files.writeString(f, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(figures));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The figures kept for {@code runId}, in the order they were written; empty when none. */
  public static Optional<Map<String, Object>> read(Home home, String runId) {
    Path f = file(home, runId);
    if (!Files.isRegularFile(f)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(f.toFile(), MAP));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
    }
  }

  /** The words a report shows for a figure's key. */
  public static String label(String key) {
    return LABELS.getOrDefault(key, key);
  }
}
