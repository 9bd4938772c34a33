package dev.baton.model;

/**
 * A secret named by reference ({@code env:NAME} or {@code file:PATH}); the value is resolved only
 * by a driver at the moment of use and is never stored in the model.
 */
public record SecretRef(String name, Scheme scheme, String location) {

  /** Where the secret's value lives. */
  public enum Scheme {
    ENV,
    FILE
  }

  @Override
  public String toString() {
    return scheme.name().toLowerCase(java.util.Locale.ROOT) + ":" + location;
  }
}
