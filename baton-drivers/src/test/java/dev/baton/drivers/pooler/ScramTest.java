package dev.baton.drivers.pooler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** SCRAM-SHA-256 against the exchange of RFC 7677 section 3. */
class ScramTest {

  private static final String SERVER_FIRST =
      "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";

  @Test
  void theRfcExchangeGivesTheRfcProofAndAcceptsTheRfcServerSignature() throws Exception {
    Scram rfc = new Scram("user", "pencil", "rOprNGfwEbeRWgbNEkqO");

    assertEquals("n,,n=user,r=rOprNGfwEbeRWgbNEkqO", rfc.clientFirst());
    assertEquals(
        "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
            + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
        rfc.clientFinal(SERVER_FIRST));
    assertTrue(rfc.serverProven("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="));
  }

  @Test
  void aServerThatCannotProveThePasswordIsNotBelieved() throws Exception {
    Scram s = new Scram("", "pencil", "rOprNGfwEbeRWgbNEkqO");
    s.clientFinal(SERVER_FIRST);

    assertFalse(s.serverProven("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="));
  }

  @Test
  void postgresqlsClientFirstMessageNamesNoUser() {
    assertEquals("n,,n=,r=abc", new Scram("", "pw", "abc").clientFirst());
  }

  @Test
  void aChallengeThatDoesNotExtendOurNonceIsRefused() {
    Scram s = new Scram("", "pw", "abc");

    assertThrows(
        java.security.GeneralSecurityException.class, () -> s.clientFinal("r=zzz,s=AAAA,i=1"));
  }

  private static void assertThrows(
      Class<? extends Throwable> c, org.junit.jupiter.api.function.Executable e) {
    org.junit.jupiter.api.Assertions.assertThrows(c, e);
  }
}
