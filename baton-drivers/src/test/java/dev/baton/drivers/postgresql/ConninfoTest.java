package dev.baton.drivers.postgresql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConninfoTest {

  @Test
  void bareWordsWithOrWithoutSpacesAroundTheEqualsSign() {
    assertEquals(
        Map.of("host", "db1", "port", "5432", "user", "rep"),
        Conninfo.parse("  host=db1 port = 5432\tuser= rep ").entries());
  }

  @Test
  void aQuotedValueKeepsItsSpacesAndAnEscapedQuoteOrBackslash() {
    Conninfo c =
        Conninfo.parse("passfile='/var/lib/my dir/.pgpass' password='it\\'s a\\\\b' sslcert=''");

    assertEquals("/var/lib/my dir/.pgpass", c.entries().get("passfile"));
    assertEquals("it's a\\b", c.entries().get("password"));
    assertEquals("", c.entries().get("sslcert"));
  }

  @Test
  void aBackslashEscapesTheNextCharacterOfABareWord() {
    assertEquals("a b", Conninfo.parse("user=a\\ b").entries().get("user"));
  }

  @Test
  void whatLibpqRefusesIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> Conninfo.parse("host"));
    assertThrows(IllegalArgumentException.class, () -> Conninfo.parse("host='db1"));
  }

  @Test
  void writingAndReadingBackGivesTheSameValuesInTheSameOrder() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("user", "o'brien");
    m.put("passfile", "/a b/c\\d");
    m.put("sslcert", "");
    m.put("host", "db1");
    Conninfo c = new Conninfo(m);

    assertEquals("user='o\\'brien' passfile='/a b/c\\\\d' sslcert='' host=db1", c.toString());
    assertEquals(
        java.util.List.copyOf(m.entrySet()),
        java.util.List.copyOf(Conninfo.parse(c.toString()).entries().entrySet()));
  }

  @Test
  void settingAKeyThatExistsKeepsItsPlace() {
    Conninfo c = Conninfo.parse("host=a port=1 user=u").with("host", "b");

    assertEquals("host=b port=1 user=u", c.toString());
  }
}
