package dev.baton.model;

import java.util.ArrayList;
import java.util.List;

/** A dotted version such as {@code 15.8} or {@code 9.0.7.2}, ordered numerically part by part. */
public record Version(String text, List<Integer> parts) implements Comparable<Version> {

  public Version {
    parts = List.copyOf(parts);
  }

  /** Parses a dotted numeric version; throws {@link IllegalArgumentException} on anything else. */
  public static Version parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("a version is empty");
    }
    List<Integer> parts = new ArrayList<>();
    for (String part : text.trim().split("\\.")) {
      if (part.isEmpty() || !part.chars().allMatch(Character::isDigit) || part.length() > 9) {
        throw new IllegalArgumentException(
            "'" + text + "' is not a version (expected digits separated by dots, e.g. 15.8)");
      }
      parts.add(Integer.parseInt(part));
    }
    return new Version(text.trim(), parts);
  }

  /** The first part, the major version of most products. */
  public int major() {
    return parts.get(0);
  }

  @Override
  public int compareTo(Version other) {
    int n = Math.max(parts.size(), other.parts.size());
    for (int i = 0; i < n; i++) {
      int a = i < parts.size() ? parts.get(i) : 0;
      int b = i < other.parts.size() ? other.parts.get(i) : 0;
      if (a != b) {
        return Integer.compare(a, b);
      }
    }
    return 0;
  }

  public boolean isOlderThan(Version other) {
    return compareTo(other) < 0;
  }

  /** Equal numerically: {@code 2.0} and {@code 2.0.0} are the same level. */
  public boolean sameLevel(Version other) {
    return compareTo(other) == 0;
  }

  @Override
  public String toString() {
    return text;
  }
}
