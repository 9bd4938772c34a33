package dev.baton.testkit.dual;

import java.util.Locale;

/**
 * One side of the dual-side lab: the loopback address its server and PgBouncer listen on, the name
 * its hosts file gives that address, and the keys its clients own (A odd, B even), so that the two
 * sides' writes can never collide.
 */
public enum Side {
  A("127.0.10.1", 1),
  B("127.0.10.2", 0);

  private final String address;
  private final int parity;

  Side(String address, int parity) {
    this.address = address;
    this.parity = parity;
  }

  /** "A" or "B", in any case; anything else is refused with the names that are allowed. */
  public static Side of(String name) {
    for (Side s : values()) {
      if (s.name().equalsIgnoreCase(name.strip())) {
        return s;
      }
    }
    throw new IllegalArgumentException("no side '" + name + "': the lab has sides A and B");
  }

  /** The loopback address this side's server and PgBouncer listen on. */
  public String address() {
    return address;
  }

  /** The name both hosts files give this side's address at first, e.g. {@code side-a}. */
  public String hostName() {
    return "side-" + lower();
  }

  /** "a" or "b", for file and component names. */
  public String lower() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether {@code key} is one this side's clients write: odd for A, even for B. */
  public boolean owns(long key) {
    return Math.floorMod(key, 2) == parity;
  }

  /** The first key this side's clients write: 1 for A, 2 for B. */
  public long firstKey() {
    return parity == 1 ? 1 : 2;
  }

  public Side other() {
    return this == A ? B : A;
  }
}
