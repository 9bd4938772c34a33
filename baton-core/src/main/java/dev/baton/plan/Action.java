package dev.baton.plan;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a step does, as data a driver interprets: a verb (takeover, install, stop, …), the component
 * or link it acts on, parameters, and whether repeating it is harmless.
 */
public record Action(String verb, String target, Map<String, String> params, boolean idempotent) {

  public Action {
    params = Map.copyOf(params);
  }

  public static Action idempotent(String verb, String target, Map<String, String> params) {
    return new Action(verb, target, params, true);
  }

  public static Action once(String verb, String target, Map<String, String> params) {
    return new Action(verb, target, params, false);
  }

  /** A verification-only step: it changes nothing. */
  public static Action check(String target) {
    return new Action("check", target, Map.of(), true);
  }

  public boolean changesNothing() {
    return verb.equals("check");
  }

  @Override
  public String toString() {
    return verb + " " + target + (params.isEmpty() ? "" : " " + new TreeMap<>(params));
  }
}
