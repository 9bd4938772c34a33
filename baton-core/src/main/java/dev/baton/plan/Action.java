package dev.baton.plan;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a step does, as data a driver interprets: a verb, the component, link, entry point or node
 * it acts on, parameters, and whether repeating it is harmless (by default, what the verb says).
 */
public record Action(Verb verb, String target, Map<String, String> params, boolean idempotent) {

  public Action {
    Objects.requireNonNull(verb, "verb");
    params = Map.copyOf(params);
  }

  /** An action whose repetition is as harmless as its verb says. */
  public static Action of(Verb verb, String target, Map<String, String> params) {
    return new Action(verb, target, params, verb.idempotent());
  }

  public static Action idempotent(Verb verb, String target, Map<String, String> params) {
    return new Action(verb, target, params, true);
  }

  public static Action once(Verb verb, String target, Map<String, String> params) {
    return new Action(verb, target, params, false);
  }

  /** A verification-only step: it changes nothing. */
  public static Action check(String target) {
    return new Action(Verb.CHECK, target, Map.of(), true);
  }

  public boolean changesNothing() {
    return verb == Verb.CHECK;
  }

  @Override
  public String toString() {
    return verb.label() + " " + target + (params.isEmpty() ? "" : " " + new TreeMap<>(params));
  }
}
