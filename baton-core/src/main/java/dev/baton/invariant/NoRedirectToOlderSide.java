package dev.baton.invariant;

import dev.baton.facts.Facts;
import dev.baton.model.Topology;
import dev.baton.model.Version;
import dev.baton.plan.Step;
import dev.baton.plan.Verb;
import java.util.Optional;

/**
 * An entry point is never moved to a component running an older version than the one it points at
 * now: clients that reached the new version must not fall back to the old one.
 */
public record NoRedirectToOlderSide() implements Invariant {

  @Override
  public String name() {
    return "no-entry-point-to-older-side";
  }

  @Override
  public String describe() {
    return "no entry point redirected to a component older than its current one";
  }

  @Override
  public Optional<String> violation(Topology topology, Facts facts, Step next) {
    if (next == null || next.action().verb() != Verb.REDIRECT) {
      return Optional.empty();
    }
    String entryPoint = next.action().target();
    String to = next.action().params().get("to");
    Optional<String> current = facts.pointsAt(entryPoint);
    if (to == null || current.isEmpty() || current.get().equals(to)) {
      return Optional.empty();
    }
    Optional<Version> from = facts.version(current.get());
    Optional<Version> target = facts.version(to);
    if (from.isPresent() && target.isPresent() && target.get().isOlderThan(from.get())) {
      return Optional.of(
          "entry point "
              + entryPoint
              + " would move from "
              + current.get()
              + " ("
              + from.get()
              + ") to "
              + to
              + ", which runs the older version "
              + target.get());
    }
    return Optional.empty();
  }
}
