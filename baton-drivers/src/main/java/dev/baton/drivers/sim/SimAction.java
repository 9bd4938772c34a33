package dev.baton.drivers.sim;

import java.util.Map;

/** One entry of the simulator's action log: what was done, under which idempotency key, when. */
public record SimAction(
    long seq, String key, String verb, String target, Map<String, String> params, String time) {

  public SimAction {
    params = params == null ? Map.of() : Map.copyOf(params);
  }
}
