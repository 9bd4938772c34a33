package dev.baton.facts;

import java.time.Instant;
import java.util.Objects;

/** One observed value with where it came from and when: {@code role(db-a)=primary}. */
public record Fact(FactKind kind, String subject, Object value, String source, Instant at) {

  public Fact {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(value, "value");
    if (!kind.type().isInstance(value)) {
      throw new IllegalArgumentException(
          kind.label() + " needs a " + kind.type().getSimpleName() + ", got " + value);
    }
  }

  /** {@code role(db-a)} */
  public String key() {
    return kind.label() + "(" + subject + ")";
  }

  @Override
  public String toString() {
    String v =
        value instanceof Enum<?> e ? e.name().toLowerCase(java.util.Locale.ROOT) : "" + value;
    return key() + "=" + v;
  }
}
