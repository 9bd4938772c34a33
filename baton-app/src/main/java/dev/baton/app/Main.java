package dev.baton.app;

import dev.baton.app.cli.AbortCommand;
import dev.baton.app.cli.ApplyCommand;
import dev.baton.app.cli.ApproveCommand;
import dev.baton.app.cli.BookmarkCommand;
import dev.baton.app.cli.BookmarksCommand;
import dev.baton.app.cli.ObserveCommand;
import dev.baton.app.cli.PlanCommand;
import dev.baton.app.cli.RecoverActiveCommand;
import dev.baton.app.cli.ReportCommand;
import dev.baton.app.cli.ResumeCommand;
import dev.baton.app.cli.RewindCommand;
import dev.baton.app.cli.StatusCommand;
import dev.baton.app.cli.SwitchbackCommand;
import dev.baton.app.cli.SyncReportCommand;
import dev.baton.app.cli.ValidateCommand;
import dev.baton.app.cli.WatchCommand;
import dev.baton.app.server.ServeCommand;
import dev.baton.app.wiring.ShutdownHooks;
import dev.baton.engine.CorruptJournalException;
import dev.baton.engine.DriverException;
import dev.baton.topology.BadInputException;
import dev.baton.topology.InputError;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code baton} command line. */
@Command(
    name = "baton",
    mixinStandardHelpOptions = true,
    version = "baton 0.1.0",
    description = {
      "Plans, checks and executes upgrades and switchovers of high-availability systems.",
      "Exit codes: 0 done, 1 failed, 2 bad input, 3 halted (a guard refused or a gate waits)."
    },
    subcommands = {
      ValidateCommand.class,
      PlanCommand.class,
      ApplyCommand.class,
      StatusCommand.class,
      ResumeCommand.class,
      AbortCommand.class,
      ApproveCommand.class,
      ObserveCommand.class,
      ReportCommand.class,
      SwitchbackCommand.class,
      BookmarkCommand.class,
      BookmarksCommand.class,
      RewindCommand.class,
      RecoverActiveCommand.class,
      WatchCommand.class,
      SyncReportCommand.class,
      ServeCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Example:",
      "  baton plan examples/takeover-sim.yaml --strategy takeover --to 2.0"
    })
public final class Main implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the CLI and returns its exit code instead of exiting. */
  public static int execute(String... args) {
    return execute(List.of(), args);
  }

  /**
   * Runs the CLI with {@code extraSubcommands} (picocli {@code @Command} objects) added after the
   * product's own, and returns its exit code: how a jar with more parts, such as the demo's, offers
   * the product's commands, exit codes and error handling as they are.
   */
  public static int execute(List<Object> extraSubcommands, String... args) {
    CommandLine cl = new CommandLine(new Main());
    extraSubcommands.forEach(cl::addSubcommand);
    cl.setExecutionExceptionHandler(Main::handle);
    cl.setParameterExceptionHandler(Main::badArguments);
    return cl.execute(args);
  }

  private static int badArguments(CommandLine.ParameterException e, String[] args) {
    PrintWriter err = e.getCommandLine().getErr();
    err.println("baton: " + e.getMessage());
    err.println("see: " + e.getCommandLine().getCommandSpec().qualifiedName() + " --help");
    return 2;
  }

  private static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
    PrintWriter err = cl.getErr();
    if (ShutdownHooks.interrupted()) {
      err.println("baton: interrupted");
      return 130;
    }
    if (e instanceof BadInputException bad) {
      for (InputError ie : bad.errors()) {
        err.println(ie);
      }
      return 2;
    }
    if (e instanceof UsageException) {
      err.println("baton: " + e.getMessage());
      return 2;
    }
    if (e instanceof CorruptJournalException) {
      err.println("baton: " + e.getMessage());
      return 3;
    }
    if (e instanceof DriverException d) {
      err.println("baton: " + d.getMessage());
      return 1;
    }
    err.println("baton: internal error: " + e);
    if (System.getenv("BATON_DEBUG") != null) {
      e.printStackTrace(err);
    }
    return 1;
  }
}
