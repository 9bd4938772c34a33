package dev.baton.topology;

import static dev.baton.topology.Fixtures.errors;
import static dev.baton.topology.Fixtures.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class YamlSyntaxTest {

  @Test
  void syntaxErrorIsReportedAtTheFaultWithoutParserJargon() {
    // "system: lab" is 11 characters; the second ':' is the fault, at column 12.
    assertEquals(
        List.of("t.yaml:1:12: YAML syntax error: mapping values are not allowed here"),
        errors(with("system: lab\n", "system: lab: prod\n")));
  }

  @Test
  void keyIndentedDifferentlyFromItsSiblingsIsBadIndentation() {
    assertEquals(
        List.of(
            "t.yaml:9:4: YAML syntax error: bad indentation: expected the end of the indented"
                + " block, but found the start of a new mapping (in the list or mapping that"
                + " starts at 8:3)"),
        errors(with("    side: A\n", "   side: A\n")));
  }

  @Test
  void tabIndentationIsNamed() {
    assertEquals(
        List.of(
            "t.yaml:9:1: YAML syntax error: found a tab where YAML expects a token; indent with"
                + " spaces, not tabs"),
        errors(with("    side: A\n", "\tside: A\n")));
  }

  @Test
  void unterminatedFlowListPointsAtTheEndOfTheFile() {
    assertEquals(
        List.of(
            "t.yaml:2:1: YAML syntax error: expected ',' or ']', but got the end of the file"
                + " (in the [...] list that starts at 1:9)"),
        errors("system: [a, b\n"));
  }

  @Test
  void emptyFileAndCommentOnlyFileAreErrorsAtTheStart() {
    String expected =
        "t.yaml:1:1: the file is empty; expected a topology (system, driver, sides, ...)";
    assertEquals(List.of(expected), errors(""));
    assertEquals(List.of(expected), errors("# nothing here yet\n"));
  }

  @Test
  void topLevelMustBeAMapping() {
    assertEquals(
        List.of("t.yaml:1:1: expected a mapping of keys (system, driver, sides, ...), got a list"),
        errors("- system: lab\n"));
    assertEquals(
        List.of(
            "t.yaml:1:1: expected a mapping of keys (system, driver, sides, ...), got a single"
                + " value"),
        errors("lab\n"));
  }

  @Test
  void repeatedKeyIsRefusedRatherThanSilentlyOverwritten() {
    assertEquals(
        List.of("t.yaml:30:5: key 'kind' appears twice in the same mapping (first at 29:5)"),
        errors(with("    kind: streaming\n", "    kind: streaming\n    kind: logical\n")));
  }

  @Test
  void aliasIsRefusedBecauseTheTreeWouldHoldItsNameInstead() {
    assertEquals(
        List.of(
            "t.yaml:28:9: YAML aliases (*name) are not supported in a topology; write the value"
                + " out"),
        errors(with("    to: pg-b\n", "    to: *b\n")));
  }

  @Test
  void secondDocumentIsRefused() {
    assertEquals(
        List.of(
            "t.yaml:38:1: a topology file holds one YAML document, but a second one starts here"),
        errors(Fixtures.BASE + "---\nsystem: other\n"));
  }

  @Test
  void complexKeyIsRefusedInPlainWords() {
    assertEquals(
        List.of(
            "t.yaml:1:4: YAML syntax error: a mapping key must be a plain value, not a list or a"
                + " mapping"),
        errors("? [a, b]\n: c\n"));
  }

  @Test
  void aBinaryTagIsRefusedWhereItIsWritten() {
    // Found by the CLI fuzzer (seed 20261388): the schema library read the bytes as text and
    // failed.
    List<String> errors = errors(with("system: lab\n", "system: !!binary AAAA\n"));
    assertEquals(1, errors.size(), errors.toString());
    assertTrue(errors.get(0).startsWith("t.yaml:1:9: YAML tags such as !!binary"), errors.get(0));
  }

  @Test
  void aNumberTheSchemaRefusesIsNamedEvenWhenItIsTheLongestThereIs() {
    // Found by the CLI fuzzer (seed 20262731): the schema's own copy of it had no location.
    List<String> errors =
        errors(with("    side: A\n", "    side: A\n    transport: -9223372036854775808\n"));
    assertFalse(errors.isEmpty());
    assertTrue(errors.stream().allMatch(e -> e.startsWith("t.yaml:")), errors.toString());
  }
}
