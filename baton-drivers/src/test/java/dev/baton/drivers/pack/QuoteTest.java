package dev.baton.drivers.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class QuoteTest {

  @Test
  void aPlainValueIsOneSingleQuotedString() {
    assertEquals("'Registry'", Quote.powershell("Registry"));
  }

  @Test
  void singleQuotesIncludingTypographicOnesAreDoubled() {
    assertEquals("'O''Brien \u2018\u2018x\u2019\u2019'", Quote.powershell("O'Brien \u2018x\u2019"));
  }

  @Test
  void doubleQuotesPercentAndLineBreaksBecomeCharValues() {
    assertEquals("('a' + [char]34 + 'b' + [char]37 + [char]10)", Quote.powershell("a\"b%\n"));
  }

  @Test
  void aValueStartingWithACharValueStaysText() {
    assertEquals("('' + [char]34)", Quote.powershell("\""));
  }

  @Test
  void anEmptyValueIsAnEmptyString() {
    assertEquals("''", Quote.powershell(""));
  }

  @Test
  void sqlLiteralsDoubleTheirQuotes() {
    assertEquals("N'it''s'", Quote.sql("it's"));
  }
}
