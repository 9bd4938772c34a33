package dev.baton.drivers.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.engine.DriverException;
import dev.baton.model.EntryPoint;
import dev.baton.model.Redirection;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostsFileRedirectorTest {

  private static final String BLOCK_B =
      "# BEGIN baton ccmp-db\n10.0.0.2 ccmp-db ccmp-db.example\n# END baton ccmp-db\n";

  @TempDir Path dir;
  private final CountingTransport node = new CountingTransport();
  private final HostsFileRedirector hosts = new HostsFileRedirector(node);

  private EntryPoint ep(Path file) {
    Map<String, String> p = new HashMap<>();
    p.put("file", file.toString());
    p.put("hostnames", "ccmp-db ccmp-db.example");
    p.put("address.db-a", "10.0.0.1");
    p.put("address.db-b", "10.0.0.2");
    return new EntryPoint("ccmp-db", "db-a", Redirection.HOSTS_FILE, p);
  }

  private Path file(String content) throws IOException {
    return Files.writeString(dir.resolve("hosts"), content);
  }

  private static String sample() throws IOException {
    try (InputStream in = HostsFileRedirectorTest.class.getResourceAsStream("/files/hosts")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void blockIsAppendedAndEverythingBeforeItIsUntouched() throws Exception {
    String original = sample();
    Path f = file(original);

    hosts.redirect(ep(f), "db-b");

    assertEquals(original + BLOCK_B, Files.readString(f));
    assertEquals(Optional.of("db-b"), hosts.pointsAt(ep(f)));
    assertTrue(hosts.verify(ep(f), "db-b"));
    assertFalse(hosts.verify(ep(f), "db-a"));
  }

  @Test
  void blockIsReplacedWhereItStands() throws Exception {
    String head = "127.0.0.1 localhost\n";
    String tail = "\n# kept after the block\n10.0.0.5 ccmp-app\n";
    String blockA =
        "# BEGIN baton ccmp-db\n10.0.0.1 ccmp-db ccmp-db.example\n# END baton ccmp-db\n";
    Path f = file(head + blockA + tail);

    hosts.redirect(ep(f), "db-b");

    assertEquals(head + BLOCK_B + tail, Files.readString(f));
    assertEquals(Optional.of("db-b"), hosts.pointsAt(ep(f)));
  }

  /** The original bytes come back after redirecting there and back and removing the block. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1 localhost\n\n# comment\n",
        "127.0.0.1 localhost\r\n\r\n# comment\r\n",
        "127.0.0.1 localhost\n# no final newline",
        "127.0.0.1 localhost\r\n# no final newline",
        ""
      })
  void removeGivesBackTheOriginalBytes(String original) throws Exception {
    Path f = file(original);

    hosts.redirect(ep(f), "db-a");
    String withBlock = Files.readString(f);
    assertTrue(withBlock.startsWith(original), "the text before the block is untouched");
    hosts.redirect(ep(f), "db-b");
    hosts.remove(ep(f));

    assertEquals(original, Files.readString(f));
    assertEquals(Optional.empty(), hosts.pointsAt(ep(f)));
  }

  @Test
  void windowsFileGetsCrlfBlock() throws Exception {
    Path f = file("127.0.0.1 localhost\r\n");

    hosts.redirect(ep(f), "db-b");

    assertEquals("127.0.0.1 localhost\r\n" + BLOCK_B.replace("\n", "\r\n"), Files.readString(f));
  }

  @Test
  void secondCallsWriteNothing() throws Exception {
    Path f = file(sample());

    hosts.redirect(ep(f), "db-b");
    byte[] once = Files.readAllBytes(f);
    String again = hosts.redirect(ep(f), "db-b").summary();

    assertEquals(1, node.runs.size(), "the second redirect must not write");
    assertEquals(new String(once, StandardCharsets.UTF_8), Files.readString(f));
    assertTrue(again.contains("already"), again);

    hosts.remove(ep(f));
    hosts.remove(ep(f));
    assertEquals(2, node.runs.size(), "the second remove must not write");
    assertEquals(sample(), Files.readString(f));
  }

  @Test
  void earlierLineShadowsTheBlock() throws Exception {
    Path f = file("127.0.0.1 localhost\n10.9.9.9 old-db ccmp-db\n");

    hosts.redirect(ep(f), "db-b");

    assertEquals(Optional.of("db-b"), hosts.pointsAt(ep(f)));
    assertFalse(hosts.verify(ep(f), "db-b"));
    String why = hosts.problem(ep(f), "db-b").orElseThrow();
    assertTrue(why.contains(f + ":2"), why);
    assertTrue(why.contains("10.9.9.9 before Baton's block"), why);
  }

  @Test
  void aliasIsCheckedTooAndNamesMatchWithoutCase() throws Exception {
    Path f = file("10.9.9.9 CCMP-DB.Example\n");

    hosts.redirect(ep(f), "db-b");

    String why = hosts.problem(ep(f), "db-b").orElseThrow();
    assertTrue(why.contains("ccmp-db.example to 10.9.9.9"), why);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "# BEGIN baton ccmp-db\n10.0.0.1 ccmp-db\n",
        "10.0.0.1 ccmp-db\n# END baton ccmp-db\n",
        "# END baton ccmp-db\n# BEGIN baton ccmp-db\n",
        "# BEGIN baton ccmp-db\n# END baton ccmp-db\n# BEGIN baton ccmp-db\n# END baton ccmp-db\n"
      })
  void malformedMarkersAreRefusedAndTheFileIsLeftAlone(String original) throws Exception {
    Path f = file(original);

    DriverException e = assertThrows(DriverException.class, () -> hosts.redirect(ep(f), "db-b"));
    assertThrows(DriverException.class, () -> hosts.remove(ep(f)));
    assertThrows(DriverException.class, () -> hosts.pointsAt(ep(f)));

    assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    assertEquals(original, Files.readString(f));
    assertEquals(0, node.runs.size());
  }

  @Test
  void anotherEntryPointsBlockIsNotOurs() throws Exception {
    String other = "# BEGIN baton ccmp-web\n10.0.0.7 ccmp-web\n# END baton ccmp-web\n";
    Path f = file(other);

    hosts.redirect(ep(f), "db-b");
    assertEquals(other + BLOCK_B, Files.readString(f));
    hosts.remove(ep(f));

    assertEquals(other, Files.readString(f));
  }

  @Test
  void modeAndSymlinkAreKept() throws Exception {
    Path real = file("127.0.0.1 localhost\n");
    Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rw-r-----"));
    Path link = Files.createSymbolicLink(dir.resolve("link"), real);

    hosts.redirect(ep(link), "db-b");

    assertTrue(Files.isSymbolicLink(link));
    assertEquals("127.0.0.1 localhost\n" + BLOCK_B, Files.readString(real));
    assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(real)));
    assertFalse(Files.exists(dir.resolve("hosts.baton-tmp")));
  }

  @Test
  void writeGoesThroughATempFileWithTheContentAsAnArgument() throws Exception {
    Path f = file("");

    hosts.redirect(ep(f), "db-b");

    List<String> argv = node.runs.get(0).argv();
    assertEquals(List.of("sh", "-c"), argv.subList(0, 2));
    assertTrue(argv.get(2).contains(".baton-tmp") && argv.get(2).contains("mv -f"), argv.get(2));
    assertEquals(List.of("sh", BLOCK_B, f.toString()), argv.subList(3, 6));
  }

  @Test
  void addressMustBeAnIpLiteral() throws Exception {
    Path f = file("");
    Map<String, String> p = new HashMap<>(ep(f).properties());
    p.put("address.db-b", "db-b.example");
    EntryPoint bad = new EntryPoint("ccmp-db", "db-a", Redirection.HOSTS_FILE, p);

    assertThrows(IllegalArgumentException.class, () -> hosts.redirect(bad, "db-b"));
    assertEquals("", Files.readString(f));
  }
}
