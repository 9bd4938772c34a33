package dev.baton.testkit.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.drivers.dns.DnsRedirector;
import dev.baton.engine.ActionResult;
import dev.baton.engine.DriverException;
import dev.baton.model.EntryPoint;
import dev.baton.model.Redirection;
import dev.baton.testkit.Poll;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** DnsRedirector against a real named, checked with dig as an independent client. */
class DnsRedirectorTest {

  private static final String RECORD = "db.baton.test.";
  private static final String SECRET_NAME = "dns-key";

  private static EntryPoint entryPoint(LocalBind bind, Map<String, String> overrides) {
    Map<String, String> p = new HashMap<>();
    p.put("server", bind.server());
    p.put("zone", bind.zone());
    p.put("record", RECORD);
    p.put("tsigKeyName", bind.keyName());
    p.put("tsigSecret", SECRET_NAME);
    p.put("address.pg-a", "127.0.0.1");
    p.put("address.pg-b", "127.0.0.2");
    p.putAll(overrides);
    return new EntryPoint("db", "pg-a", Redirection.DNS, p);
  }

  private static DnsRedirector redirector(String secret) {
    return new DnsRedirector(name -> SECRET_NAME.equals(name) ? secret : null);
  }

  private static long digTtl(LocalBind bind) {
    return Long.parseLong(bind.digAnswer(RECORD).split("\\s+")[1]);
  }

  private static String otherKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  @Test
  void redirectsWithAShortTtlAndRestoresItAfterwards() throws Exception {
    try (LocalBind bind = LocalBind.start()) {
      EntryPoint ep = entryPoint(bind, Map.of());
      DnsRedirector r = redirector(bind.keySecret());
      assertEquals(Optional.of("pg-a"), r.pointsAt(ep));

      r.prepare(ep, "pg-a", "pg-b");
      assertEquals(10, digTtl(bind));
      assertEquals("127.0.0.1", bind.dig(RECORD), "prepare must not move the record");

      r.redirect(ep, "pg-b");
      assertEquals("127.0.0.2", bind.dig(RECORD));
      assertEquals(10, digTtl(bind));
      assertTrue(r.verify(ep, "pg-b"));
      assertFalse(r.verify(ep, "pg-a"));
      assertEquals(Optional.of("pg-b"), r.pointsAt(ep));

      r.settle(ep, "pg-b");
      assertEquals(300, digTtl(bind));
      assertEquals("127.0.0.2", bind.dig(RECORD));
    }
  }

  @Test
  void prepareAndSettleTwiceChangeNothingTheSecondTime() throws Exception {
    try (LocalBind bind = LocalBind.start()) {
      EntryPoint ep = entryPoint(bind, Map.of("switchTtl", "7"));
      DnsRedirector r = redirector(bind.keySecret());

      r.prepare(ep, "pg-a", "pg-b");
      ActionResult again = r.prepare(ep, "pg-a", "pg-b");
      assertEquals("db: db.baton.test. already has TTL 7 s", again.summary());
      assertEquals(7, digTtl(bind));

      r.settle(ep, "pg-a");
      assertTrue(r.settle(ep, "pg-a").summary().contains("already has TTL 300 s"));
      assertEquals(300, digTtl(bind));
    }
  }

  @Test
  void aWrongSecretIsRefusedWithASentenceAndTheRecordIsUnchanged() throws Exception {
    try (LocalBind bind = LocalBind.start()) {
      EntryPoint ep = entryPoint(bind, Map.of());

      DriverException e =
          assertThrows(DriverException.class, () -> redirector(otherKey()).redirect(ep, "pg-b"));

      assertTrue(
          e.getMessage()
              .startsWith(
                  "the DNS server refused the update of db.baton.test.: TSIG key rejected (NOTAUTH"),
          e.getMessage());
      assertTrue(e.getMessage().contains("the secret dns-key of entry point db"), e.getMessage());
      assertEquals("127.0.0.1", bind.dig(RECORD));
      assertEquals(300, digTtl(bind));
    }
  }

  @Test
  void anUnknownKeyNameIsRefusedToo() throws Exception {
    try (LocalBind bind = LocalBind.start()) {
      EntryPoint ep = entryPoint(bind, Map.of("tsigKeyName", "other-key."));

      DriverException e =
          assertThrows(
              DriverException.class,
              () -> redirector(bind.keySecret()).prepare(ep, "pg-a", "pg-b"));

      assertTrue(e.getMessage().contains("TSIG key rejected (NOTAUTH, BADKEY)"), e.getMessage());
      assertEquals(300, digTtl(bind));
    }
  }

  @Test
  void redirectingTwiceLeavesTheSameState() throws Exception {
    try (LocalBind bind = LocalBind.start()) {
      EntryPoint ep = entryPoint(bind, Map.of());
      DnsRedirector r = redirector(bind.keySecret());

      r.redirect(ep, "pg-b");
      String once = bind.digAnswer(RECORD);
      r.redirect(ep, "pg-b");

      assertEquals(once, bind.digAnswer(RECORD));
      assertEquals("127.0.0.2", bind.dig(RECORD), "one A record, the new one");
      assertTrue(r.verify(ep, "pg-b"));
    }
  }

  @Test
  void measuresHowSoonTheServerAnswersTheNewAddress() throws Exception {
    try (LocalBind bind = LocalBind.start()) {
      EntryPoint ep = entryPoint(bind, Map.of());
      redirector(bind.keySecret()).redirect(ep, "pg-b");
      long t0 = System.nanoTime();
      AtomicInteger digs = new AtomicInteger();
      record Seen(int dig, long started, long done) {}
      Seen seen =
          Poll.every(Duration.ofMillis(10))
              .get(
                  Duration.ofSeconds(5),
                  "named to answer the new address",
                  () -> {
                    long started = System.nanoTime();
                    int dig = digs.incrementAndGet();
                    return bind.dig(RECORD).equals("127.0.0.2")
                        ? Optional.of(new Seen(dig, started, System.nanoTime()))
                        : Optional.empty();
                  });
      // dig's own start-up dominates: the answer is new no later than the dig that saw it.
      System.out.printf(
          "DNS: new address answered by dig #%d, started %.1f ms and done %.1f ms after"
              + " redirect() returned%n",
          seen.dig(), millis(seen.started() - t0), millis(seen.done() - t0));
    }
  }

  private static double millis(long nanos) {
    return nanos / 1e6;
  }

  @Test
  void theSecretAppearsInNoMessageAndNoEvidence() throws Exception {
    try (LocalBind bind = LocalBind.start()) {
      EntryPoint ep = entryPoint(bind, Map.of());
      DnsRedirector r = redirector(bind.keySecret());
      List<String> shown = new ArrayList<>();
      for (ActionResult a :
          List.of(r.prepare(ep, "pg-a", "pg-b"), r.redirect(ep, "pg-b"), r.settle(ep, "pg-b"))) {
        shown.add(a.summary());
        shown.add(a.evidence());
      }
      String wrong = otherKey();
      DriverException refused =
          assertThrows(DriverException.class, () -> redirector(wrong).redirect(ep, "pg-a"));
      shown.add(refused.getMessage());
      shown.add(refused.evidence());

      assertTrue(shown.get(3).contains("127.0.0.2"), "the evidence shows the update");
      for (String text : shown) {
        assertFalse(text.contains(bind.keySecret()), text);
        assertFalse(text.contains(wrong), text);
      }
    }
  }
}
