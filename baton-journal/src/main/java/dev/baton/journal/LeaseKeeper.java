package dev.baton.journal;

import java.time.Duration;

/** Where a {@link StoredLease} is renewed and released: the journal that granted it. */
interface LeaseKeeper {

  /**
   * Extends {@code owner}'s lease; false when it is no longer theirs or the store is unreachable.
   */
  boolean renewLease(LeaseRow owner, Duration ttl);

  /** Ends {@code owner}'s lease if it is still theirs, keeping its epoch for the next holder. */
  void releaseLease(LeaseRow owner);
}
