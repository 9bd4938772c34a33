package dev.baton.drivers.pooler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClientUrlTest {

  @Test
  void aPgjdbcUrlWithoutPrepareThresholdZeroIsWarnedAboutUnderTransactionPooling() {
    Optional<String> w =
        ClientUrl.warning("jdbc:postgresql://pool:6432/app?user=app", "transaction");

    assertTrue(w.orElseThrow().startsWith("its clients use pgjdbc without prepareThreshold=0"));
  }

  @Test
  void prepareThresholdZeroSessionPoolingOrAnotherDriverSayNothing() {
    assertEquals(
        Optional.empty(),
        ClientUrl.warning("jdbc:postgresql://pool/app?prepareThreshold=0&user=a", "transaction"));
    assertEquals(
        Optional.empty(), ClientUrl.warning("jdbc:postgresql://pool/app?user=a", "session"));
    assertEquals(Optional.empty(), ClientUrl.warning("postgres://pool/app", "transaction"));
    assertEquals(Optional.empty(), ClientUrl.warning(null, "transaction"));
  }
}
