package dev.baton.app.server;

/** What a person's token allows: reading only, or also starting, approving and aborting runs. */
public enum Access {
  READ,
  OPERATE;

  /** Whether this access may make a request that needs {@code needed}. */
  public boolean allows(Access needed) {
    return this == OPERATE || needed == READ;
  }
}
