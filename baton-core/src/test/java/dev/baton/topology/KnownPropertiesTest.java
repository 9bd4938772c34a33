package dev.baton.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Known keys as data: exact keys and families, the list a message shows, and the key meant. */
class KnownPropertiesTest {

  private final KnownProperties pg =
      KnownProperties.of(
          "the test driver",
          List.of(
              PropertyKey.exact("dataDir", "the data directory", PropertyKey.NO_DEFAULT),
              PropertyKey.exact("port", "the port", PropertyKey.NO_DEFAULT),
              PropertyKey.family("bin.", "version", "binaries", PropertyKey.NO_DEFAULT)),
          List.of(PropertyKey.exact("port", "declared twice", "5432")));

  @Test
  void knowsExactKeysAndMembersOfFamiliesOnly() {
    assertTrue(pg.knows("dataDir"));
    assertTrue(pg.knows("bin.15.8"));
    assertFalse(pg.knows("bin."), "a family's prefix alone names no member");
    assertFalse(pg.knows("datadir"), "keys are case-sensitive");
    assertFalse(pg.knows("dataDirectory"));
  }

  @Test
  void listsEachKeyOnceInTheOrderDeclared() {
    assertEquals("dataDir, port, bin.<version>", pg.names());
    assertEquals("the port", pg.keys().get(1).meaning(), "the first declaration's words win");
    assertEquals("none", KnownProperties.of("nothing").names());
  }

  @Test
  void suggestsTheKeyMeantForSwapsCaseAndOneLetter() {
    assertEquals(Optional.of("dataDir"), pg.suggestion("dataDri"));
    assertEquals(Optional.of("dataDir"), pg.suggestion("datadir"));
    assertEquals(Optional.of("port"), pg.suggestion("prot"));
    assertEquals(Optional.of("bin.15.8"), pg.suggestion("bim.15.8"));
    assertEquals(Optional.empty(), pg.suggestion("colour"), "nothing close: no guess");
  }

  @Test
  void aPatternIsANameOrAPrefixWithOnePlaceholder() {
    assertThrows(IllegalArgumentException.class, () -> PropertyKey.exact("<x>", "", ""));
    assertThrows(IllegalArgumentException.class, () -> PropertyKey.exact("bin.<v", "", ""));
    assertEquals("bin.", PropertyKey.family("bin.", "version", "", "").prefix());
  }
}
