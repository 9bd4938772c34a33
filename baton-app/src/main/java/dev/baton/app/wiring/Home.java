package dev.baton.app.wiring;

import java.nio.file.Path;

/** Baton's working directory: the journal and the simulator's state live under it. */
public record Home(Path dir) {

  /** {@code --home}, else {@code $BATON_HOME}, else {@code .baton} in the current directory. */
  public static Home resolve(Path option) {
    if (option != null) {
      return new Home(option.toAbsolutePath());
    }
    String env = System.getenv("BATON_HOME");
    return new Home(Path.of(env != null && !env.isBlank() ? env : ".baton").toAbsolutePath());
  }

  public Path journalFile() {
    return dir.resolve("journal.db");
  }
}
