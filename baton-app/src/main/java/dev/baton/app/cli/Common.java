package dev.baton.app.cli;

import dev.baton.app.UsageException;
import dev.baton.app.wiring.Home;
import dev.baton.app.wiring.HomeUse;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command takes. */
public final class Common {

  /** How results are printed. */
  enum Output {
    text,
    json
  }

  @Option(
      names = "--home",
      paramLabel = "DIR",
      description =
          "Baton's working directory (journal, simulator state). Default: $BATON_HOME or ./.baton")
  Path home;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      description = "text or json. Default: ${DEFAULT-VALUE}",
      defaultValue = "text")
  Output output;

  @Option(
      names = "--journal",
      paramLabel = "FILE|URL",
      description =
          "The journal: a SQLite file, or postgresql://[user@]host[:port]/database shared by many"
              + " Batons. Default: $BATON_JOURNAL, else journal.db in the home")
  String journal;

  @Option(
      names = "--journal-password",
      paramLabel = "REF",
      description =
          "Where the PostgreSQL journal's password is: env:NAME or file:PATH, never the password"
              + " itself. Default: $BATON_JOURNAL_PASSWORD")
  String journalPassword;

  public Home resolveHome() {
    return Home.resolve(home, journal, journalPassword);
  }

  /** The home, checked for {@code use} (and created when the use creates it). */
  public Home home(HomeUse use) throws UsageException {
    Home h = resolveHome();
    use.check(h);
    return h;
  }

  public boolean json() {
    return output == Output.json;
  }
}
