package dev.baton.testkit.dual;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.baton.testkit.dual.DualChecks.Change;
import dev.baton.testkit.dual.DualChecks.SplitListReport;
import dev.baton.testkit.dual.DualChecks.Violation;
import dev.baton.testkit.dual.SideWrite.Op;
import dev.baton.testkit.dual.SideWrite.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Each check passes a good history and fails a crafted bad one, with a sentence naming why. */
class DualChecksTest {

  private static final String OWN_A = "127.0.10.1:5432";
  private static final String OWN_B = "127.0.10.2:5432";

  private static SideWrite w(Side side, long seq, Op op, long key, long start, Outcome outcome) {
    String server = outcome == Outcome.OK ? (side == Side.A ? OWN_A : OWN_B) : null;
    return new SideWrite(
        side,
        seq,
        "main",
        "accounts",
        op,
        key,
        start,
        start + 2,
        outcome,
        outcome == Outcome.ERROR ? "08006" : null,
        server);
  }

  private static SideWrite ok(Side side, long seq, Op op, long key, long start) {
    return w(side, seq, op, key, start, Outcome.OK);
  }

  private static Snapshot rows(Object... idSideNote) {
    Map<Long, Snapshot.Row> rows = new TreeMap<>();
    for (int i = 0; i < idSideNote.length; i += 3) {
      rows.put(
          ((Number) idSideNote[i]).longValue(),
          new Snapshot.Row((String) idSideNote[i + 1], (String) idSideNote[i + 2]));
    }
    return new Snapshot(Map.of("accounts", rows, "entries", Map.of()));
  }

  private static List<String> sentences(List<Violation> v) {
    return v.stream().map(Violation::toString).toList();
  }

  // ---- keysCannotCollide ----

  @Test
  void oddKeysForAAndEvenKeysForBCannotCollide() {
    assertEquals(
        List.of(),
        DualChecks.keysCannotCollide(
            List.of(ok(Side.A, 1, Op.INSERT, 1, 0)), List.of(ok(Side.B, 1, Op.INSERT, 2, 0))));
  }

  @Test
  void aKeyOfTheWrongParityOrAcknowledgedByBothIsAViolation() {
    List<SideWrite> a = List.of(ok(Side.A, 1, Op.INSERT, 1, 0), ok(Side.A, 2, Op.INSERT, 4, 0));
    List<SideWrite> b = List.of(ok(Side.B, 1, Op.INSERT, 4, 0));

    assertEquals(
        List.of(
            "keysCannotCollide: side A wrote accounts key 4 (seq 2), a key of side B",
            "keysCannotCollide: accounts key 4 was acknowledged by both sides"),
        sentences(DualChecks.keysCannotCollide(a, b)));
  }

  // ---- presentOnBoth ----

  private static final List<SideWrite> HISTORY_A =
      List.of(
          ok(Side.A, 1, Op.INSERT, 1, 0),
          ok(Side.A, 2, Op.INSERT, 3, 0),
          ok(Side.A, 3, Op.UPDATE, 1, 0),
          ok(Side.A, 4, Op.DELETE, 3, 0),
          w(Side.A, 5, Op.INSERT, 5, 0, Outcome.ERROR),
          w(Side.A, 6, Op.INSERT, 7, 0, Outcome.INDOUBT));

  @Test
  void theStateASidesAcknowledgedWritesImplyHoldsOnBothServersAndInDoubtGoesEitherWay() {
    Snapshot withDoubtful = rows(1, "A", "A-3", 7, "A", "A-6", 2, "B", "B-1");
    Snapshot withoutDoubtful = rows(1, "A", "A-3", 2, "B", "B-1");

    assertEquals(List.of(), DualChecks.presentOnBoth(HISTORY_A, withDoubtful, withoutDoubtful));
  }

  @Test
  void aLostUpdateAResurrectedDeleteAFailedInsertAndAPhantomAreViolations() {
    Snapshot good = rows(1, "A", "A-3");
    Snapshot bad = rows(1, "A", "A-1", 3, "A", "A-2", 5, "A", "A-5", 9, "A", "A-99");

    assertEquals(
        List.of(
            "presentOnBoth: accounts key 1 should be note A-3 on side B's server, is note A-1",
            "presentOnBoth: accounts key 3 should be absent on side B's server, is note A-2",
            "presentOnBoth: accounts key 5 should be absent on side B's server, is note A-5",
            "presentOnBoth: accounts key 9 of side A is on side B's server but side A never wrote it"),
        sentences(DualChecks.presentOnBoth(HISTORY_A, good, bad)));
  }

  // ---- splitListEquals ----

  /** B writes at 100 (start edge), 500 and 600 (inside), 990 (end edge), for a split 100..1000. */
  private static final List<SideWrite> HISTORY_B =
      List.of(
          ok(Side.B, 1, Op.INSERT, 2, 10),
          ok(Side.B, 2, Op.INSERT, 4, 99),
          ok(Side.B, 3, Op.INSERT, 6, 500),
          ok(Side.B, 4, Op.UPDATE, 6, 600),
          w(Side.B, 5, Op.INSERT, 8, 700, Outcome.INDOUBT),
          w(Side.B, 6, Op.INSERT, 10, 800, Outcome.ERROR),
          ok(Side.B, 7, Op.DELETE, 2, 990));

  @Test
  void aListOfEveryChangeInsideTheSplitMatchesAndUnlistedEdgeWritesComeBackForTheCaller() {
    Set<Change> listed =
        Set.of(
            new Change("accounts", Op.INSERT, 6),
            new Change("accounts", Op.UPDATE, 6),
            new Change("accounts", Op.INSERT, 8),
            new Change("accounts", Op.DELETE, 2));

    SplitListReport r = DualChecks.splitListEquals(listed, HISTORY_B, 100, 1000, 20);

    assertEquals(List.of(), r.violations());
    assertEquals(List.of(HISTORY_B.get(1)), r.unlistedAtEdges());
    // the insert of key 4 overlapped the split's start; side A has it, so it was replicated
    assertEquals(
        List.of(),
        DualChecks.effectsOn(
            r.unlistedAtEdges(), HISTORY_B, rows(2, "B", "B-1", 4, "B", "B-2"), "A"));
    assertEquals(
        List.of(
            "effectsOn: side B's insert of accounts key 4 (seq 2) does not show on side A's server"),
        sentences(
            DualChecks.effectsOn(
                r.unlistedAtEdges(), HISTORY_B, rows(2, "B", "B-1"), "side A's server")));
  }

  @Test
  void anInsertThatItsOwnSideDeletedLaterMayBeAbsentButNotWithAnotherNote() {
    List<SideWrite> history =
        List.of(ok(Side.B, 1, Op.INSERT, 4, 100), ok(Side.B, 2, Op.DELETE, 4, 120));
    List<SideWrite> insert = List.of(history.get(0));
    assertEquals(List.of(), DualChecks.effectsOn(insert, history, rows(2, "B", "B-0"), "A"));
    assertEquals(
        List.of("effectsOn: side B's insert of accounts key 4 (seq 1) does not show on A"),
        sentences(DualChecks.effectsOn(insert, history, rows(4, "B", "not B's"), "A")));
    // Without the later delete, absence is a violation.
    assertEquals(1, DualChecks.effectsOn(insert, insert, rows(2, "B", "B-0"), "A").size());
  }

  @Test
  void aChangeMissingFromTheListOrListedButNeverMadeIsAViolation() {
    Set<Change> listed =
        Set.of(
            new Change("accounts", Op.INSERT, 6),
            new Change("accounts", Op.INSERT, 10),
            new Change("accounts", Op.DELETE, 4));

    SplitListReport r = DualChecks.splitListEquals(listed, HISTORY_B, 100, 1000, 20);

    List<String> found = new ArrayList<>(sentences(r.violations()));
    assertEquals(
        List.of(
            "splitListEquals: side B's update of accounts key 6 (seq 4) was acknowledged during the split but is not listed",
            "splitListEquals: the list names delete of accounts key 4, which side B did not make during the split",
            "splitListEquals: the list names insert of accounts key 10, which side B did not make during the split"),
        found.stream().sorted().toList());
  }

  // ---- neverOtherSide ----

  @Test
  void aWriteServedByTheOtherSidesServerInsideTheWindowIsAViolation() {
    SideWrite crossed =
        new SideWrite(
            Side.A, 9, "report", "entries", Op.INSERT, 17, 500, 510, Outcome.OK, null, OWN_B);
    SideWrite beforeWindow =
        new SideWrite(
            Side.A, 8, "report", "entries", Op.INSERT, 15, 50, 60, Outcome.OK, null, OWN_B);
    List<SideWrite> writes = List.of(beforeWindow, ok(Side.A, 10, Op.INSERT, 19, 600), crossed);

    assertEquals(List.of(), DualChecks.neverOtherSide(writes.subList(0, 2), 100, 1000, OWN_A));
    assertEquals(
        List.of(
            "neverOtherSide: side A's write seq 9 (entries key 17) was served by 127.0.10.2:5432, not its own 127.0.10.1:5432"),
        sentences(DualChecks.neverOtherSide(writes, 100, 1000, OWN_A)));
  }
}
