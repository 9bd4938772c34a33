package dev.baton.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopologyLoaderTest {

  @TempDir Path dir;

  @Test
  void missingFileIsAnErrorAtTheStartOfThatFile() {
    Path missing = dir.resolve("missing.yaml");
    BadInputException e = assertThrows(BadInputException.class, () -> TopologyLoader.load(missing));
    assertEquals(missing + ":1:1: cannot read " + missing + ": no such file", e.getMessage());
  }

  @Test
  void directoryIsNotATopology() {
    BadInputException e = assertThrows(BadInputException.class, () -> TopologyLoader.load(dir));
    assertEquals(dir + ":1:1: cannot read " + dir + ": it is a directory", e.getMessage());
  }

  @Test
  void fileThatIsNotUtf8IsNamedSo() throws Exception {
    Path latin1 = Files.write(dir.resolve("latin1.yaml"), new byte[] {'s', ':', ' ', (byte) 0xE9});
    BadInputException e = assertThrows(BadInputException.class, () -> TopologyLoader.load(latin1));
    assertEquals(latin1 + ":1:1: cannot read " + latin1 + ": it is not UTF-8 text", e.getMessage());
  }

  @Test
  void byteOrderMarkIsIgnoredSoColumnsStayTrue() throws Exception {
    Path file = Files.writeString(dir.resolve("bom.yaml"), "\uFEFF" + Fixtures.BASE);
    assertEquals("lab", TopologyLoader.load(file).topology().system());
  }

  @Test
  void errorsCiteTheFilePathAndPrintOnePerLine() throws Exception {
    String text =
        Fixtures.with("    node: db-b\n", "    node: db-x\n").replace("to: pg-b", "to: pg-a");
    Path file = Files.writeString(dir.resolve("two.yaml"), text);
    BadInputException e = assertThrows(BadInputException.class, () -> TopologyLoader.load(file));
    assertEquals(List.of(20, 28), e.errors().stream().map(InputError::line).toList());
    assertEquals(2, e.getMessage().lines().count());
    assertEquals(file.toString(), e.errors().get(0).file());
  }

  @Test
  void syntaxErrorInAFileIsCitedWithThatFilesPath() throws Exception {
    Path file = resource("syntax-error.yaml");
    BadInputException e = assertThrows(BadInputException.class, () -> TopologyLoader.load(file));
    assertEquals(
        file + ":3:12: YAML syntax error: mapping values are not allowed here", e.getMessage());
  }

  @Test
  void unknownNodeInAFileIsCitedAtTheNodeValue() throws Exception {
    Path file = resource("unknown-node.yaml");
    BadInputException e = assertThrows(BadInputException.class, () -> TopologyLoader.load(file));
    assertEquals(
        file
            + ":19:11: component db-b names node 'db-x', which is not declared;"
            + " declared nodes: db-a, db-b",
        e.getMessage());
  }

  @Test
  void inputErrorPrintsAsFileLineColumnMessage() {
    assertEquals("a.yaml:3:7: boom", new InputError("a.yaml", 3, 7, "boom").toString());
  }

  @Test
  void badInputExceptionNeedsAtLeastOneError() {
    assertThrows(IllegalArgumentException.class, () -> new BadInputException(List.of()));
  }

  private static Path resource(String name) throws Exception {
    return Path.of(TopologyLoaderTest.class.getResource("/topology/" + name).toURI());
  }
}
