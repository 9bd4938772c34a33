package dev.baton.demo;

import dev.baton.app.Main;
import java.util.List;

/**
 * The entry point of the demo jar: the product's {@code baton} command line, the same commands,
 * exit codes and error handling, plus {@code demo} and {@code bench}, which need the test kit.
 */
public final class DemoMain {
  private DemoMain() {}

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the CLI with the demo's commands and returns its exit code instead of exiting. */
  public static int execute(String... args) {
    return Main.execute(subcommands(), args);
  }

  /** Fresh instances of the commands this jar adds to the product's. */
  public static List<Object> subcommands() {
    return List.of(new DemoCommand(), new BenchCommand());
  }
}
