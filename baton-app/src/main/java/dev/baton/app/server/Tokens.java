package dev.baton.app.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The console's bearer tokens, each held by one person. Only their SHA-256 digests are kept, and a
 * presented token is compared with every digest in constant time, so neither memory nor timing
 * gives a token away.
 */
public final class Tokens {

  /** Tokens shorter than this are refused at start: a guessable token is no authentication. */
  static final int MIN_LENGTH = 16;

  private record Entry(byte[] digest, Person person) {}

  private final List<Entry> entries;

  private Tokens(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /** One token per person, as resolved from the console configuration. */
  public record Grant(Person person, String token) {}

  public static Tokens of(List<Grant> grants) {
    List<Entry> entries = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Set<String> seen = new HashSet<>();
    for (Grant g : grants) {
      if (g.token().length() < MIN_LENGTH) {
        throw new IllegalArgumentException(
            "the token of " + g.person().name() + " is shorter than " + MIN_LENGTH + " characters");
      }
      if (!names.add(g.person().name())) {
        throw new IllegalArgumentException(g.person().name() + " is named twice");
      }
      String d = java.util.HexFormat.of().formatHex(digest(g.token()));
      if (!seen.add(d)) {
        throw new IllegalArgumentException(
            g.person().name() + " has the same token as someone else; each person needs their own");
      }
      entries.add(new Entry(digest(g.token()), g.person()));
    }
    return new Tokens(entries);
  }

  public static Tokens none() {
    return new Tokens(List.of());
  }

  /** Whose token {@code presented} is; empty for a missing or unknown token. */
  public Optional<Person> holder(String presented) {
    if (presented == null || presented.isEmpty()) {
      return Optional.empty();
    }
    byte[] d = digest(presented);
    Person found = null;
    for (Entry e : entries) {
      // Every digest is compared, so the time taken does not say which one matched.
      if (MessageDigest.isEqual(e.digest(), d)) {
        found = e.person();
      }
    }
    return Optional.ofNullable(found);
  }

  public int size() {
    return entries.size();
  }

  private static byte[] digest(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
