package dev.baton.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text an operator or a file gives Baton cannot change what a reader of its output sees: control
 * and format characters are shown escaped in error messages.
 */
class OperatorTextTest {

  @TempDir Path dir;
  private final Path takeover = Cli.example("takeover-sim.yaml");

  @Test
  void controlCharactersInErrorMessagesAreShownEscaped() throws Exception {
    Cli.Result run =
        Cli.inProcess("status", "r-\u202eevil\0\nbaton: done", "--home", dir.toString());
    assertEquals(2, run.code(), run.toString());
    assertTrue(
        run.err().startsWith("baton: no run r-\\u202eevil\\u0000\\nbaton: done in "), run.err());
    assertEquals(1, run.err().lines().count(), run.err());

    Cli.Result option = Cli.inProcess("status", "--\u202ehome");
    assertEquals(2, option.code(), option.toString());
    assertTrue(option.err().contains("--\\u202ehome"), option.err());
    assertFalse(option.err().contains("\u202e"), option.err());

    Path yaml = dir.resolve("t.yaml");
    Files.writeString(yaml, Files.readString(takeover) + "\"\\u202Eevil\\a\": 1\n");
    Cli.Result file = Cli.inProcess("validate", yaml.toString());
    assertEquals(2, file.code(), file.toString());
    assertTrue(file.err().contains("\\u202eevil\\u0007"), file.err());
    assertFalse(file.err().contains("\u202e") || file.err().contains("\u0007"), file.err());
  }
}
