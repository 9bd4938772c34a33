package dev.baton.drivers.sim;

import java.util.Map;

/**
 * One entry of the simulator's action log: what was done, under which idempotency key, when it was
 * handed to the simulator ({@code time}) and when it took effect ({@code landed}: later when the
 * process froze in between), and by which process (so that a test can tell which of several Batons
 * sent an action). {@code pid} and {@code landed} are null in logs written before they were
 * recorded.
 */
public record SimAction(
    long seq,
    String key,
    String verb,
    String target,
    Map<String, String> params,
    String time,
    Long pid,
    String landed) {

  public SimAction {
    params = params == null ? Map.of() : Map.copyOf(params);
  }

  public SimAction(
      long seq, String key, String verb, String target, Map<String, String> params, String time) {
    this(seq, key, verb, target, params, time, null, null);
  }
}
