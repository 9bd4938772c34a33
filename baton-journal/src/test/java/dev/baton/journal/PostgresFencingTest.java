package dev.baton.journal;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresServer.class)
class PostgresFencingTest extends FencingContract {

  @Override
  JournalStore newStore(Path dir) {
    return PostgresStore.fresh();
  }
}
