package dev.baton.app;

import dev.baton.app.cli.AbortCommand;
import dev.baton.app.cli.ApplyCommand;
import dev.baton.app.cli.ApproveCommand;
import dev.baton.app.cli.BookmarkCommand;
import dev.baton.app.cli.BookmarksCommand;
import dev.baton.app.cli.CheckCommand;
import dev.baton.app.cli.DiscoverCommand;
import dev.baton.app.cli.ObserveCommand;
import dev.baton.app.cli.PlanCommand;
import dev.baton.app.cli.RecoverActiveCommand;
import dev.baton.app.cli.ReportCommand;
import dev.baton.app.cli.ResumeCommand;
import dev.baton.app.cli.RewindCommand;
import dev.baton.app.cli.RollbackCommand;
import dev.baton.app.cli.StatusCommand;
import dev.baton.app.cli.SwitchbackCommand;
import dev.baton.app.cli.SwitchoverCommand;
import dev.baton.app.cli.SyncReportCommand;
import dev.baton.app.cli.ValidateCommand;
import dev.baton.app.cli.WatchCommand;
import dev.baton.app.fleet.FleetCommand;
import dev.baton.app.fleet.WorkerCommand;
import dev.baton.app.output.Json;
import dev.baton.app.output.Visible;
import dev.baton.app.server.ServeCommand;
import dev.baton.app.wiring.ShutdownHooks;
import dev.baton.engine.CorruptJournalException;
import dev.baton.engine.DriverException;
import dev.baton.topology.BadInputException;
import dev.baton.topology.InputError;
import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
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
    footer = {
      "",
      "Example:",
      "  baton plan examples/takeover-sim.yaml --strategy takeover --to 2.0"
    })
public final class Main implements Runnable {

  /** The product's commands by name, in the order {@code baton --help} lists them. */
  private static final Map<String, Supplier<Object>> COMMANDS = new LinkedHashMap<>();

  static {
    COMMANDS.put("validate", ValidateCommand::new);
    COMMANDS.put("discover", DiscoverCommand::new);
    COMMANDS.put("check", CheckCommand::new);
    COMMANDS.put("plan", PlanCommand::new);
    COMMANDS.put("apply", ApplyCommand::new);
    COMMANDS.put("status", StatusCommand::new);
    COMMANDS.put("resume", ResumeCommand::new);
    COMMANDS.put("abort", AbortCommand::new);
    COMMANDS.put("approve", ApproveCommand::new);
    COMMANDS.put("observe", ObserveCommand::new);
    COMMANDS.put("report", ReportCommand::new);
    COMMANDS.put("switchover", SwitchoverCommand::new);
    COMMANDS.put("switchback", SwitchbackCommand::new);
    COMMANDS.put("rollback", RollbackCommand::new);
    COMMANDS.put("bookmark", BookmarkCommand::new);
    COMMANDS.put("bookmarks", BookmarksCommand::new);
    COMMANDS.put("rewind", RewindCommand::new);
    COMMANDS.put("recover-active", RecoverActiveCommand::new);
    COMMANDS.put("watch", WatchCommand::new);
    COMMANDS.put("sync-report", SyncReportCommand::new);
    COMMANDS.put("fleet", FleetCommand::new);
    COMMANDS.put("worker", WorkerCommand::new);
    COMMANDS.put("serve", ServeCommand::new);
  }

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Every product command's model, in the order {@code baton --help} lists them. */
  static List<CommandSpec> commands() {
    return COMMANDS.values().stream().map(c -> new CommandLine(c.get()).getCommandSpec()).toList();
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
    // Reading the options of every command costs more than most commands take to run: a command
    // line that names one command gets only that one; anything else (help, a typo) gets them all.
    Supplier<Object> named = args.length > 0 ? COMMANDS.get(args[0]) : null;
    if (named != null) {
      cl.addSubcommand(named.get());
    } else {
      COMMANDS.values().forEach(c -> cl.addSubcommand(c.get()));
      cl.addSubcommand(new CommandLine.HelpCommand());
    }
    extraSubcommands.forEach(cl::addSubcommand);
    cl.registerConverter(Path.class, Main::path);
    cl.setExecutionExceptionHandler(Main::handle);
    cl.setParameterExceptionHandler(Main::badArguments);
    return cl.execute(args);
  }

  /**
   * A path as the operator wrote it; one the system cannot hold is a sentence, not a class name.
   */
  private static Path path(String text) {
    try {
      return Path.of(text);
    } catch (InvalidPathException e) {
      throw new CommandLine.TypeConversionException(
          Visible.quoted(text) + " is not a path: " + e.getReason());
    }
  }

  private static int badArguments(CommandLine.ParameterException e, String[] args) {
    PrintWriter err = e.getCommandLine().getErr();
    err.println("baton: " + Visible.text(e.getMessage()));
    err.println("see: " + e.getCommandLine().getCommandSpec().qualifiedName() + " --help");
    return 2;
  }

  private static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
    PrintWriter err = cl.getErr();
    if (ShutdownHooks.interrupted()) {
      err.println("baton: interrupted");
      return 130;
    }
    if (e instanceof AlreadyDone done) {
      PrintWriter out = cl.getOut();
      if ("json".equals(String.valueOf(cl.getParseResult().matchedOptionValue("--output", "")))) {
        out.println(Json.write(Map.of("outcome", "already", "message", done.getMessage())));
      } else {
        out.println(Visible.text(done.getMessage()));
      }
      out.flush();
      return 0;
    }
    if (e instanceof BadInputException bad) {
      for (InputError ie : bad.errors()) {
        err.println(Visible.text(ie.toString()));
      }
      return 2;
    }
    if (e instanceof UsageException || e instanceof dev.baton.journal.JournalLocation.Refused) {
      err.println("baton: " + Visible.text(e.getMessage()));
      return 2;
    }
    if (e instanceof Refused refused) {
      err.println("baton: " + Visible.lines(refused.getMessage()));
      return 3;
    }
    if (e instanceof CorruptJournalException) {
      err.println("baton: " + Visible.text(e.getMessage()));
      return 3;
    }
    if (e instanceof DriverException d) {
      err.println("baton: " + Visible.text(d.getMessage()));
      return 1;
    }
    err.println("baton: internal error: " + Visible.text(e.toString()));
    if (System.getenv("BATON_DEBUG") != null) {
      e.printStackTrace(err);
    }
    return 1;
  }
}
