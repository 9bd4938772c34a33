package dev.baton.drivers.postgresql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.drivers.fence.Fencing;
import dev.baton.topology.PropertyKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The declared PostgreSQL properties are the ones {@link PgConfig} reads: a key it reads but
 * nothing declares would be refused by {@code validate}, and a declared key it never reads would
 * pass a typo's twin. Read from PgConfig's source, since its reads are what decide.
 */
class PgPropertiesTest {

  // p.getOrDefault("host", ...), p.get("x"), require(c, "dataDir"), k.startsWith("bin.")
  private static final Pattern READ =
      Pattern.compile(
          "(?:getOrDefault|\\.get|require)\\((?:c, )?\"([A-Za-z][A-Za-z0-9.]*)\"|startsWith\\(\"([A-Za-z][A-Za-z0-9]*\\.)\"\\)");

  private static Set<String> readByPgConfig() throws Exception {
    String source =
        Files.readString(Path.of("src/main/java/dev/baton/drivers/postgresql/PgConfig.java"));
    Set<String> read = new TreeSet<>();
    Matcher m = READ.matcher(source);
    while (m.find()) {
      read.add(m.group(1) != null ? m.group(1) : m.group(2));
    }
    return read;
  }

  // The fencing keys are read by Fencing, whose own test covers them.
  private static Set<String> declared() {
    Set<String> out = new TreeSet<>();
    PgProperties.COMPONENT.stream()
        .filter(k -> !Fencing.PROPERTIES.contains(k) && !PgProperties.DUAL.contains(k))
        .forEach(k -> out.add(k.prefix()));
    return out;
  }

  @Test
  void theFencingKeysAreDeclaredToo() {
    assertTrue(PgProperties.COMPONENT.containsAll(Fencing.PROPERTIES));
  }

  @Test
  void everyKeyPgConfigReadsIsDeclared() throws Exception {
    Set<String> read = readByPgConfig();
    assertTrue(read.containsAll(Set.of("dataDir", "port", "host", "bin.")), "the reads are found");

    Set<String> undeclared = new TreeSet<>(read);
    undeclared.removeAll(declared());

    assertEquals(Set.of(), undeclared, "read by PgConfig but not in PgProperties");
  }

  @Test
  void everyDeclaredKeyIsReadByPgConfig() throws Exception {
    Set<String> unread = new TreeSet<>(declared());
    unread.removeAll(readByPgConfig());

    assertEquals(Set.of(), unread, "declared in PgProperties but not read by PgConfig");
  }

  @Test
  void theBinaryDirectoriesAreAFamilyByVersion() {
    PropertyKey bin =
        PgProperties.COMPONENT.stream().filter(PropertyKey::isFamily).findFirst().orElseThrow();

    assertEquals("bin.<version>", bin.pattern());
    assertTrue(bin.matches("bin.15.8"));
    assertTrue(!bin.matches("bin."), "a family member names its version");
  }
}
