package dev.baton.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A valid topology to change one line at a time, and helpers to read the errors that follow. */
final class Fixtures {

  static final String SOURCE = "t.yaml";

  /** Line numbers matter: every test pins positions in this text (see the comments). */
  static final String BASE =
      """
      system: lab
      driver: sim
      roleModel: primary-replica
      sides:
        - name: A
        - name: B
      nodes:
        - name: db-a
          side: A
        - name: db-b
          side: B
      components:
        - name: pg-a
          node: db-a
          kind: database
          version: "15.8"
          roleGroup: pg
          role: primary
        - name: pg-b
          node: db-b
          kind: database
          version: "15.20"
          roleGroup: pg
          role: replica
      replication:
        - name: wal
          from: pg-a
          to: pg-b
          kind: streaming
      entryPoints:
        - name: db.example.internal
          pointsAt: pg-a
          redirection: dns
      secrets:
        - name: db-password
          ref: env:PG_PASSWORD
      """;

  // Lines of BASE: 1 system, 3 roleModel, 5-6 sides, 8-11 nodes, 13-18 pg-a, 19-24 pg-b,
  // 26-29 replication, 31-33 entry point, 35-36 secret.

  private Fixtures() {}

  /** BASE with {@code from} (which must occur exactly once) replaced by {@code to}. */
  static String with(String from, String to) {
    int first = BASE.indexOf(from);
    assertEquals(first, BASE.lastIndexOf(from), "fixture text must occur exactly once: " + from);
    if (first < 0) {
      fail("fixture text not found: " + from);
    }
    return BASE.replace(from, to);
  }

  /** The errors that parsing {@code text} reports, as {@code file:line:column: message}. */
  static List<String> errors(String text) {
    try {
      TopologyLoader.parse(text, SOURCE);
    } catch (BadInputException e) {
      return e.errors().stream().map(InputError::toString).toList();
    }
    return fail("expected the topology to be refused:\n" + text);
  }

  static Path example(String name) {
    Path fromModule = Path.of("..", "examples", name);
    return Files.exists(fromModule) ? fromModule : Path.of("examples", name);
  }
}
