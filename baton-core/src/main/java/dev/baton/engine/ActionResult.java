package dev.baton.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a driver reports after acting: a one-line summary for people, the evidence (command output),
 * and typed data for programs ({@link ResultKey}), which the journal keeps with the outcome.
 */
public record ActionResult(String summary, String evidence, Map<String, String> data) {

  public ActionResult {
    data = Map.copyOf(data);
  }

  public ActionResult(String summary, String evidence) {
    this(summary, evidence, Map.of());
  }

  /** This result with one more value. */
  public <T> ActionResult with(ResultKey<T> key, T value) {
    Map<String, String> more = new LinkedHashMap<>(data);
    more.put(key.name(), String.valueOf(value));
    return new ActionResult(summary, evidence, more);
  }

  public <T> Optional<T> get(ResultKey<T> key) {
    return key.in(data);
  }
}
