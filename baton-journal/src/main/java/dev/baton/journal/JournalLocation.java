package dev.baton.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Properties;

/**
 * Where the journal is: a SQLite file (the embedded default) or a PostgreSQL database that many
 * Batons share, named {@code postgresql://[user@]host[:port][,host2[:port]]/database[?params]}. A
 * password never appears in the URL: it comes by reference, {@code env:NAME} or {@code file:PATH}.
 */
public sealed interface JournalLocation {

  /** Opens (creating or migrating if needed) the journal and checks it. */
  FleetJournal open();

  /** How the journal is named in sentences: never with a password. */
  String shown();

  /**
   * The location {@code text} names: a PostgreSQL URL, else a file path; {@code passwordRef} (may
   * be null) says where a PostgreSQL password is. Throws {@link Refused} with a sentence.
   */
  static JournalLocation parse(String text, String passwordRef) {
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.startsWith("postgresql://") || lower.startsWith("postgres://")) {
      return Postgres.parse(text, passwordRef);
    }
    if (lower.matches("^[a-z][a-z0-9+.-]*://.*")) {
      throw new Refused(
          "--journal takes a file path or a postgresql:// URL, not "
              + text.split("://")[0]
              + "://");
    }
    return new SqliteFile(Path.of(text).toAbsolutePath());
  }

  /** A journal location that cannot be used, with the sentence that says why. */
  final class Refused extends IllegalArgumentException {
    public Refused(String message) {
      super(message);
    }
  }

  /** One SQLite file. */
  record SqliteFile(Path file) implements JournalLocation {
    @Override
    public FleetJournal open() {
      return SqliteJournal.open(file);
    }

    @Override
    public String shown() {
      return file.toString();
    }
  }

  /** A PostgreSQL database; {@code jdbcUrl} and {@code shown} carry no password. */
  record Postgres(String jdbcUrl, String user, String passwordRef, String shown)
      implements JournalLocation {

    static Postgres parse(String text, String passwordRef) {
      String rest = text.substring(text.indexOf("://") + 3);
      int slash = rest.indexOf('/');
      if (slash <= 0 || slash == rest.length() - 1) {
        throw new Refused(
            "the journal URL names no database; write postgresql://[user@]host[:port]/database");
      }
      String authority = rest.substring(0, slash);
      String database = rest.substring(slash);
      String user = null;
      int at = authority.lastIndexOf('@');
      if (at >= 0) {
        user = authority.substring(0, at);
        authority = authority.substring(at + 1);
        if (user.contains(":")) {
          throw passwordInUrl();
        }
      }
      int query = database.indexOf('?');
      if (query >= 0) {
        for (String param : database.substring(query + 1).split("&")) {
          if (param.toLowerCase(Locale.ROOT).startsWith("password=")) {
            throw passwordInUrl();
          }
        }
      }
      String shown = "postgresql://" + (user == null ? "" : user + "@") + authority + database;
      if (passwordRef != null && !passwordRef.isBlank()) {
        checkReference(passwordRef);
      }
      return new Postgres("jdbc:postgresql://" + authority + database, user, passwordRef, shown);
    }

    @Override
    public FleetJournal open() {
      Properties p = connectionProperties();
      if (passwordRef != null && !passwordRef.isBlank()) {
        p.setProperty("password", resolve(passwordRef));
      }
      return PostgresJournal.open(jdbcUrl, p, shown, Clock.systemUTC());
    }

    /** What every connection asks for besides the password (a URL parameter overrides these). */
    Properties connectionProperties() {
      Properties p = new Properties();
      if (user != null) {
        p.setProperty("user", user);
      }
      p.setProperty("connectTimeout", "10");
      p.setProperty("ApplicationName", "baton");
      // With every member of an HA pair in the URL, connect to the one that takes writes: a
      // standby would refuse every journal write, and a worker would stop acting for nothing.
      p.setProperty("targetServerType", "primary");
      return p;
    }

    private static Refused passwordInUrl() {
      return new Refused(
          "the journal URL carries a password; give it by reference instead:"
              + " --journal-password env:NAME or file:PATH (or BATON_JOURNAL_PASSWORD)");
    }

    private static void checkReference(String ref) {
      if (!ref.startsWith("env:") && !ref.startsWith("file:")) {
        throw new Refused(
            "a journal password is given by reference, env:NAME or file:PATH, never as itself");
      }
    }

    /** The password a reference points at, read now and kept nowhere else. */
    private static String resolve(String ref) {
      checkReference(ref);
      String where = ref.substring(ref.indexOf(':') + 1);
      if (ref.startsWith("env:")) {
        String value = System.getenv(where);
        if (value == null) {
          throw new Refused("the journal password " + ref + " is not set");
        }
        return value;
      }
      try {
        return Files.readString(Path.of(where)).strip();
      } catch (IOException e) {
        throw new Refused("cannot read the journal password " + ref + ": " + e.getMessage());
      }
    }
  }
}
