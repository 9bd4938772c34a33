package dev.baton.journal;

import static dev.baton.journal.Fixtures.T0;

import dev.baton.engine.Journal;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every contract test class shares: a store of the kind its subclass names, and a journal on
 * it, open for the test and stamped by a clock the test moves.
 */
abstract class JournalContract {

  @TempDir Path dir;
  final MutableClock clock = new MutableClock(T0);
  JournalStore store;
  Journal journal;

  /** The store this subclass runs the contract against; {@code dir} is a fresh directory. */
  abstract JournalStore newStore(Path dir);

  @BeforeEach
  void openJournal() {
    store = newStore(dir);
    journal = store.open(clock);
  }

  @AfterEach
  void closeJournal() {
    journal.close();
  }
}
