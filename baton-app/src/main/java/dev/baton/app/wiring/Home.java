package dev.baton.app.wiring;

import dev.baton.journal.JournalLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Baton's working directory (the simulator's state lives under it) and where its journal is: the
 * SQLite file in the directory unless {@code --journal} or {@code $BATON_JOURNAL} names another
 * file or a shared PostgreSQL database.
 */
public record Home(Path dir, String journal, String journalPassword) {

  public Home(Path dir) {
    this(dir, null, null);
  }

  /** {@code --home}, else {@code $BATON_HOME}, else {@code .baton} in the current directory. */
  public static Home resolve(Path option) {
    return resolve(option, null, null);
  }

  /**
   * As {@link #resolve(Path)}, with {@code --journal} and {@code --journal-password} (each may be
   * null, and then {@code $BATON_JOURNAL} and {@code $BATON_JOURNAL_PASSWORD} count).
   */
  public static Home resolve(Path option, String journal, String journalPassword) {
    Path dir;
    if (option != null) {
      dir = option.toAbsolutePath();
    } else {
      String env = System.getenv("BATON_HOME");
      dir = Path.of(env != null && !env.isBlank() ? env : ".baton").toAbsolutePath();
    }
    return new Home(
        dir,
        journal != null ? journal : blankToNull(System.getenv("BATON_JOURNAL")),
        journalPassword != null
            ? journalPassword
            : blankToNull(System.getenv("BATON_JOURNAL_PASSWORD")));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  public Path journalFile() {
    return dir.resolve("journal.db");
  }

  /** The journal this invocation uses; throws {@link JournalLocation.Refused} with a sentence. */
  public JournalLocation journalLocation() {
    return journal == null
        ? new JournalLocation.SqliteFile(journalFile())
        : JournalLocation.parse(journal, journalPassword);
  }

  /** The file the journal is in when it is a SQLite file; empty for a PostgreSQL database. */
  public Optional<Path> sqliteFile() {
    return journalLocation() instanceof JournalLocation.SqliteFile f
        ? Optional.of(f.file())
        : Optional.empty();
  }

  /**
   * Whether the journal is a SQLite file not created yet: a command that only reads finds nothing
   * there and must not create it. A PostgreSQL journal is never missing this way.
   */
  public boolean journalMissing() {
    return sqliteFile().map(Files::notExists).orElse(false);
  }

  /** How sentences name the journal (never with a password). */
  public String journalName() {
    return journalLocation().shown();
  }
}
