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

  public Home resolveHome() {
    return Home.resolve(home);
  }

  /** The home, checked for {@code use} (and created when the use creates it). */
  public Home home(HomeUse use) throws UsageException {
    Home h = resolveHome();
    use.check(h);
    return h;
  }

  boolean json() {
    return output == Output.json;
  }
}
