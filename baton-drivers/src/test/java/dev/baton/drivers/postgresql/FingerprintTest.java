package dev.baton.drivers.postgresql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FingerprintTest {

  private static List<Map<String, String>> rows(String... objectDigest) {
    List<Map<String, String>> out = new java.util.ArrayList<>();
    for (int i = 0; i < objectDigest.length; i += 2) {
      out.add(Map.of("object", objectDigest[i], "digest", objectDigest[i + 1]));
    }
    return out;
  }

  private final String recorded =
      Fingerprint.text(rows("table public.orders", "1", "index public.orders_pkey", "2"));

  @Test
  void anUnchangedSchemaHasNoDriftInAnyOrder() {
    List<Map<String, String>> same =
        rows("index public.orders_pkey", "2", "table public.orders", "1");
    assertFalse(Fingerprint.changed(recorded, same));
    assertEquals(List.of(), Fingerprint.drift(recorded, same));
  }

  @Test
  void createdChangedAndDroppedObjectsAreNamed() {
    List<Map<String, String>> now = rows("table public.orders", "9", "table public.notes", "3");
    assertTrue(Fingerprint.changed(recorded, now));
    assertEquals(
        List.of(
            "table public.notes (created)",
            "table public.orders (changed)",
            "index public.orders_pkey (dropped)"),
        Fingerprint.drift(recorded, now));
  }

  @Test
  void aChangeTheCopyAlreadyHasIsNoLongerDrift() {
    List<Map<String, String>> now =
        rows("table public.orders", "9", "index public.orders_pkey", "2");
    List<Map<String, String>> copy =
        rows("table public.orders", "9", "index public.orders_pkey", "2");
    assertEquals(List.of(), Fingerprint.drift(recorded, now, copy));
    List<Map<String, String>> behind =
        rows("table public.orders", "1", "index public.orders_pkey", "2");
    assertEquals(
        List.of("table public.orders (changed)"), Fingerprint.drift(recorded, now, behind));
  }
}
