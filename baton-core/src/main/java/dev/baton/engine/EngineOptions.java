package dev.baton.engine;

import java.time.Duration;
import java.util.Map;

/**
 * How a run is driven: {@code yes} passes confirm gates, {@code overrides} names guards the
 * operator overrode with a reason, {@code verifyTimeout} bounds how long a step's verification may
 * take to converge, and {@code operator} is who is acting (journaled with approvals and overrides).
 */
public record EngineOptions(
    boolean yes,
    Map<String, String> overrides,
    Duration leaseTtl,
    Duration verifyTimeout,
    String operator) {

  public EngineOptions {
    overrides = Map.copyOf(overrides);
  }

  public static EngineOptions defaults() {
    return new EngineOptions(
        false, Map.of(), Duration.ofSeconds(30), Duration.ofSeconds(30), "operator");
  }

  public EngineOptions withYes(boolean y) {
    return new EngineOptions(y, overrides, leaseTtl, verifyTimeout, operator);
  }

  public EngineOptions withOverrides(Map<String, String> o) {
    return new EngineOptions(yes, o, leaseTtl, verifyTimeout, operator);
  }

  public EngineOptions withVerifyTimeout(Duration d) {
    return new EngineOptions(yes, overrides, leaseTtl, d, operator);
  }
}
