package dev.baton.drivers.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.engine.DriverException;
import dev.baton.model.EntryPoint;
import dev.baton.model.Redirection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.TSIG;

/** Reading an entry point's DNS settings, and the sentences for bad ones; no server needed. */
class DnsSettingsTest {

  private static final String SECRET = "c2VjcmV0LWtleS1ub3QtdG8tYmUtc2hvd24tYW55d2hlcmU=";

  static Map<String, String> props() {
    Map<String, String> p = new HashMap<>();
    p.put("server", "127.0.0.1:15353");
    p.put("zone", "baton.test.");
    p.put("record", "db.baton.test.");
    p.put("tsigKeyName", "baton-key.");
    p.put("tsigSecret", "dns-key");
    p.put("address.pg-a", "127.0.0.1");
    p.put("address.pg-b", "127.0.0.2");
    return p;
  }

  static EntryPoint ep(Map<String, String> props) {
    return new EntryPoint("db", "pg-a", Redirection.DNS, props);
  }

  private static String failure(Map<String, String> props) {
    return assertThrows(DriverException.class, () -> DnsSettings.of(ep(props))).getMessage();
  }

  @Test
  void readsTheSettingsWithTheirDefaults() throws Exception {
    DnsSettings s = DnsSettings.of(ep(props()));

    assertEquals(15353, s.server().getPort());
    assertEquals("db.baton.test.", s.record().toString());
    assertEquals(TSIG.HMAC_SHA256, s.algorithm());
    assertEquals(300, s.ttl());
    assertEquals(10, s.switchTtl());
    assertEquals(Optional.of("pg-b"), s.component(InetAddress.getByName("127.0.0.2")));
    assertEquals(Optional.empty(), s.component(InetAddress.getByName("127.0.0.9")));
  }

  @Test
  void aMissingPropertyIsASentenceNamingTheEntryPointAndTheKey() {
    Map<String, String> p = props();
    p.remove("record");

    assertEquals("entry point db needs the property record for dns redirection", failure(p));
  }

  @Test
  void badValuesNameTheirKey() {
    Map<String, String> p = props();
    p.put("server", "127.0.0.1");
    assertTrue(failure(p).startsWith("entry point db has a bad property server: "), failure(p));

    p = props();
    p.put("address.pg-b", "db-b.example");
    assertTrue(failure(p).contains("property address.pg-b: "), failure(p));

    p = props();
    p.put("switchTtl", "ten");
    assertTrue(failure(p).contains("property switchTtl: "), failure(p));

    p = props();
    p.put("record", "db.elsewhere.test.");
    assertTrue(failure(p).contains("is not in the zone baton.test."), failure(p));
  }

  @Test
  void aComponentSharedByTwoNamesIsAmbiguous() throws Exception {
    Map<String, String> p = props();
    p.put("address.pg-c", "127.0.0.2");

    assertEquals(
        Optional.empty(), DnsSettings.of(ep(p)).component(InetAddress.getByName("127.0.0.2")));
  }

  @Test
  void redirectingToAComponentWithoutAnAddressNamesTheMissingKey() {
    DnsRedirector r = new DnsRedirector(name -> SECRET);

    DriverException e = assertThrows(DriverException.class, () -> r.redirect(ep(props()), "pg-c"));

    assertTrue(e.getMessage().contains("needs the property address.pg-c"), e.getMessage());
  }

  @Test
  void aMissingOrMalformedSecretIsASentenceThatNeverQuotesTheValue() {
    DriverException missing =
        assertThrows(
            DriverException.class,
            () -> new DnsRedirector(n -> null).redirect(ep(props()), "pg-b"));
    assertTrue(missing.getMessage().contains("the secret dns-key"), missing.getMessage());

    String notBase64 = "not*base64*" + SECRET;
    DriverException bad =
        assertThrows(
            DriverException.class,
            () -> new DnsRedirector(n -> notBase64).redirect(ep(props()), "pg-b"));
    assertTrue(bad.getMessage().contains("is not a base64 TSIG key"), bad.getMessage());
    assertFalse(bad.getMessage().contains("not*base64"), bad.getMessage());
    assertFalse(bad.getMessage().contains("Illegal base64 character"), bad.getMessage());
  }

  @Test
  void anUnreachableServerIsASentence() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    Map<String, String> p = props();
    p.put("server", "127.0.0.1:" + closedPort);

    DriverException e =
        assertThrows(DriverException.class, () -> new DnsRedirector(n -> SECRET).pointsAt(ep(p)));

    assertTrue(
        e.getMessage().startsWith("cannot query the DNS server 127.0.0.1:" + closedPort),
        e.getMessage());
  }
}
