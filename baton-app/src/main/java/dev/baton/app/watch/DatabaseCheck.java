package dev.baton.app.watch;

import dev.baton.facts.Property;
import java.util.Optional;

/** The active answers its driver's observation and still holds the active role. */
public record DatabaseCheck(String component, String activeRole) implements AliveCheck {

  @Override
  public String label() {
    return "database";
  }

  @Override
  public boolean needsSight() {
    return true;
  }

  @Override
  public Optional<String> failure(Sight sight) {
    if (sight.facts() == null) {
      return Optional.of("database: cannot observe " + component + ": " + sight.error());
    }
    Optional<String> role = sight.facts().role(component);
    if (role.isPresent() && role.get().equals(activeRole)) {
      return Optional.empty();
    }
    String state = sight.facts().property(Property.STATE.of(component)).orElse("no answer");
    return Optional.of(
        "database: "
            + component
            + " does not answer as "
            + activeRole
            + " ("
            + role.map(r -> "it is " + r).orElse(state)
            + ")");
  }
}
