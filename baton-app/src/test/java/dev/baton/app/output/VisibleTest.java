package dev.baton.app.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class VisibleTest {

  @Test
  void controlAndFormatCharactersAreShownAsEscapes() {
    assertEquals("a\\u0000b\\nc\\u202ed\\u001b[31m", Visible.text("a\0b\nc\u202ed\u001b[31m"));
    assertEquals("'zero\\u200bwidth'", Visible.quoted("zero\u200bwidth"));
  }

  @Test
  void printableTextIsLeftAsItIs() {
    String s = "db-a → db-b: 48 MB behind, ünïcode, 日本, C:\\path";
    assertEquals(s, Visible.text(s));
  }
}
