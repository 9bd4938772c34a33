package dev.baton.app.cli;

import dev.baton.app.wiring.Home;
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

  boolean json() {
    return output == Output.json;
  }
}
