package dev.baton.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.baton.strategy.TakeoverStrategy;
import dev.baton.testing.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatePolicyTest {

  private static Plan takeover(Map<String, String> options) throws Exception {
    Goal goal = new Goal(dev.baton.model.Version.parse("2.0"), options);
    return GatePolicy.of(goal)
        .apply(new TakeoverStrategy().plan(Fixtures.pair(), Fixtures.healthyPair(), goal));
  }

  @Test
  void fourEyesMakesEveryGateNeedTwoPeopleAndKeepsItsText() throws Exception {
    Plan planned = takeover(Map.of());
    Plan fourEyes = takeover(Map.of(GatePolicy.OPTION, "four-eyes"));

    Step gated = planned.step("upgrade-a").orElseThrow();
    Step strict = fourEyes.step("upgrade-a").orElseThrow();
    assertEquals(Gate.Kind.CONFIRM, gated.gate().kind());
    assertEquals(Gate.Kind.FOUR_EYES, strict.gate().kind());
    assertEquals(gated.gate().text(), strict.gate().text());
    assertNull(fourEyes.step("preflight").orElseThrow().gate());
    assertNotEquals(planned.fingerprint(), fourEyes.fingerprint());
    assertEquals(fourEyes.fingerprint(), takeover(Map.of("gates", "four-eyes")).fingerprint());
  }

  @Test
  void anUnknownPolicyIsRefusedWithTheKnownOnes() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> GatePolicy.of(new Goal(null, Map.of("gates", "three-eyes"))));
    assertEquals(
        "gates=three-eyes is not a gate policy; known: as-planned, four-eyes", e.getMessage());
  }
}
