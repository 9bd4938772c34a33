package dev.baton.drivers.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.engine.Scope;
import dev.baton.engine.TopologyIndex;
import dev.baton.facts.Fact;
import dev.baton.facts.Facts;
import dev.baton.facts.LinkState;
import dev.baton.model.Topology;
import dev.baton.plan.Action;
import dev.baton.plan.Verb;
import dev.baton.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A large simulated system is read and written as far as a step reaches (ADR 0025). */
class SimScopedStoreTest {

  private static final Topology LARGE = Fixtures.generated(1000);

  @TempDir Path dir;

  private Path file() {
    return dir.resolve("generated.json");
  }

  private SimDriver driver() {
    return new SimDriver(file());
  }

  private static Action backup(String component, String label) {
    return Action.once(Verb.BACKUP, component, Map.of("label", label));
  }

  @Test
  void aScopedObservationReportsTheScopeOnly() throws Exception {
    SimDriver d = driver();
    Scope pair = Scope.around(TopologyIndex.of(LARGE), "c500");

    Facts f = d.observe(LARGE, pair, List.of("k"));

    Set<String> subjects =
        f.all().stream().map(Fact::subject).map(s -> s.split("\\.")[0]).collect(toSortedSet());
    assertEquals(Set.of("c500", "c501", "k", "l500", "n500", "n501"), subjects);
    assertEquals(Optional.of(LinkState.SYNCED), f.link("l500"));
  }

  @Test
  void anActionOnALargeSystemAppendsOnlyWhatItTouched() throws Exception {
    // Given a 1,000-node system whose state file is far above the size rewritten every time
    SimDriver d = driver();
    d.initialise(LARGE);
    byte[] before = Files.readAllBytes(file());

    // When one component is backed up
    d.act(LARGE, backup("c7", "b1"), "run/backup-c7");

    // Then the state file is untouched, one change line names that component and the log entry,
    // and another process sees both
    assertArrayEquals(before, Files.readAllBytes(file()));
    List<String> lines = Files.readAllLines(changes());
    assertEquals(1, lines.size());
    JsonNode change = new ObjectMapper().readTree(lines.get(0));
    assertEquals(List.of("c7"), fieldNames(change.get("components")));
    assertEquals("run/backup-c7", change.at("/action/key").asText());
    SimDriver other = driver();
    Facts seen = other.observe(LARGE, Scope.around(TopologyIndex.of(LARGE), "c7"), List.of());
    assertEquals(Optional.of("b1"), seen.backup("c7"));
    assertEquals(1, other.actions().size());
  }

  @Test
  void aProcessReadsTheWholeStateOnceAndThenOnlyTheChangesOfOthers() throws Exception {
    // Given one driver that has read the system, and another acting on it
    SimDriver watcher = driver();
    SimDriver actor = driver();
    actor.initialise(LARGE);
    Scope c7 = Scope.around(TopologyIndex.of(LARGE), "c7");
    watcher.observe(LARGE, c7, List.of());

    // When the other acts three times and the first observes after each
    for (int i = 1; i <= 3; i++) {
      actor.act(LARGE, backup("c7", "b" + i), "run/" + i);
      assertEquals(Optional.of("b" + i), watcher.observe(LARGE, c7, List.of()).backup("c7"));
    }

    // Then it read the whole state once, and since then only the three changes
    assertEquals(new SimStore.Reads(1, 3), watcher.reads());
  }

  @Test
  void aRewriteByAnotherProcessIsSeen() throws Exception {
    SimDriver watcher = driver();
    driver().initialise(LARGE);
    Scope l0 = Scope.around(TopologyIndex.of(LARGE), "l0");
    watcher.observe(LARGE, l0, List.of());

    driver().setLag("l0", 48);

    assertEquals(Optional.of(48L), watcher.observe(LARGE, l0, List.of()).lagBytes("l0"));
    assertEquals(2, watcher.reads().states());
  }

  @Test
  void theLogIsFoldedIntoTheStateFileOnceItIsAsLargeAsTheFile() throws Exception {
    // Given a small system whose file is kept whole only when the log has caught up with it
    SimDriver d = new SimDriver(file(), Clock.systemUTC(), n -> null, 0);
    Topology t = CsmPair.topology();
    d.initialise(t);
    long fileSize = Files.size(file());

    // When it acts until its log has grown as large as the file
    int n = 0;
    while (Files.exists(changes()) || n == 0) {
      d.act(t, Action.check(CsmPair.A), "k" + ++n);
      assertTrue(n < 1000, "the log never folded");
    }

    // Then the file holds every action and the log is gone
    assertTrue(n > 1);
    assertTrue(Files.size(file()) > fileSize);
    JsonNode json = new ObjectMapper().readTree(file().toFile());
    assertEquals(n, json.get("actions").size());
    assertEquals(2, json.get("generation").asLong());
    assertEquals(n, driver().actions().size());
  }

  @Test
  void aHalfWrittenChangeIsIgnoredAndFoldedAwayByTheNextAction() throws Exception {
    SimDriver d = driver();
    d.act(LARGE, backup("c1", "b1"), "k1");
    Files.writeString(
        changes(), "{\"generation\":1,\"components\":{\"c2\"", StandardOpenOption.APPEND);

    SimDriver fresh = driver();
    assertEquals(1, fresh.actions().size());
    fresh.act(LARGE, backup("c3", "b3"), "k3");

    assertFalse(Files.exists(changes()), "the next action rewrote the state file");
    SimState s = driver().state();
    assertEquals(List.of(1L, 2L), s.actions().stream().map(SimAction::seq).toList());
    assertEquals(Optional.of("b1"), s.component("c1").backup());
    assertEquals(Optional.of("b3"), s.component("c3").backup());
  }

  @Test
  void changesOfAGenerationAlreadyFoldedIntoTheFileAreNotAppliedTwice() throws Exception {
    // Given a log line left behind by a process killed between rewriting the file and removing
    // the log it had folded in
    SimDriver d = driver();
    d.act(LARGE, backup("c1", "b1"), "k1");
    byte[] left = Files.readAllBytes(changes());
    d.setLag("l0", 0); // rewrites the file with the change in it
    Files.write(changes(), left);

    // When another process reads the system
    List<SimAction> actions = driver().actions();

    // Then the action is there once
    assertEquals(List.of("k1"), actions.stream().map(SimAction::key).toList());
    assertTrue(new String(left, StandardCharsets.UTF_8).startsWith("{\"generation\":1,"));
  }

  private Path changes() {
    return dir.resolve("generated.json.changes");
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> out = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(out::add);
    return out;
  }

  private static java.util.stream.Collector<String, ?, TreeSet<String>> toSortedSet() {
    return Collectors.toCollection(TreeSet::new);
  }
}
