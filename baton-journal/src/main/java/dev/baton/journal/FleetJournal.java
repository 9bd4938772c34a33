package dev.baton.journal;

import dev.baton.engine.Journal;

/** A journal that also keeps fleets: both the SQLite file and the shared PostgreSQL database. */
public interface FleetJournal extends Journal {

  Fleets fleets();

  /** How sentences name this journal: a file path, or a URL without a password. */
  String shown();
}
