package dev.baton.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StrategyOptionTest {

  @Test
  void everyDeclaredOptionHasAUniqueNameAndOneLineOnWhatItDoes() {
    for (Strategy s : Strategies.all()) {
      Set<String> names = new HashSet<>();
      for (StrategyOption o : s.options()) {
        assertTrue(names.add(o.name()), s.name() + " declares " + o.name() + " twice");
        assertFalse(o.description().isBlank() || o.description().contains("\n"), o.toString());
      }
    }
  }

  @Test
  void takeoverDeclaresTheOptionsItReads() {
    List<String> names =
        Strategies.named("takeover").orElseThrow().options().stream()
            .map(StrategyOption::name)
            .toList();
    assertEquals(List.of("order", "switchBack", "maxLagBytes", "active"), names);
  }

  @Test
  void aValueThatDoesNotFitSaysWhatWasExpected() {
    StrategyOption lag =
        new StrategyOption("maxLagBytes", "most lag accepted", StrategyOption.Values.BYTES);
    assertEquals(Optional.empty(), lag.problem("1048576"));
    assertEquals(
        Optional.of("expected a whole number of bytes, 0 or more (most lag accepted)"),
        lag.problem("abc"));
    assertTrue(lag.problem("-1").isPresent());
    assertTrue(lag.problem("99999999999999999999").isPresent());
    StrategyOption flag = new StrategyOption("x", "d", StrategyOption.Values.FLAG);
    assertTrue(flag.problem("maybe").isPresent());
    assertEquals(Optional.empty(), flag.problem("true"));
  }
}
