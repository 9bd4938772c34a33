package dev.baton.app.fleet;

import dev.baton.app.UsageException;
import dev.baton.app.cli.Common;
import dev.baton.app.wiring.Home;
import dev.baton.app.wiring.HomeUse;
import dev.baton.journal.FleetJournal;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code baton worker}: claims systems of the journal's fleets and runs them under leases. */
@Command(
    mixinStandardHelpOptions = true,
    name = "worker",
    description = {
      "Claim the fleets' systems as they come due and run each under a fenced lease.",
      "Start any number, on any number of machines, on one shared journal (--journal"
          + " postgresql://...): when one dies or freezes, another takes its systems over once"
          + " their leases expire and resumes each run from the journal."
    },
    footer = {
      "",
      "Example:",
      "  baton worker --journal postgresql://baton@db/baton --journal-password env:PGPASS"
    })
public final class WorkerCommand implements Callable<Integer> {

  @Mixin Common common;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "How leases and the fleet name this worker. Default: worker-HOST-PID")
  String name;

  @Option(
      names = "--fleet",
      paramLabel = "NAME",
      description = "Serve only this fleet. Default: every fleet in the journal")
  String fleet;

  @Option(
      names = "--slots",
      paramLabel = "N",
      defaultValue = "4",
      description = "Systems run at once by this worker. Default: ${DEFAULT-VALUE}")
  int slots;

  @Option(
      names = "--lease-ttl",
      paramLabel = "SECONDS",
      defaultValue = "15",
      description =
          "How long a lease outlives its last renewal; another worker takes over after it."
              + " Default: ${DEFAULT-VALUE}")
  long leaseTtlSeconds;

  @Option(
      names = "--verify-timeout",
      paramLabel = "SECONDS",
      defaultValue = "30",
      description = "How long a step's verification may take to hold. Default: ${DEFAULT-VALUE}")
  long verifyTimeoutSeconds;

  @Option(
      names = "--poll-ms",
      paramLabel = "MS",
      defaultValue = "500",
      description =
          "How long to wait before looking again when nothing is due. Default: ${DEFAULT-VALUE}")
  long pollMs;

  @Option(
      names = "--until-settled",
      description =
          "Stop once no system runs and none pending can start without a human (the fleet is"
              + " done, aborted or out of failure budget). Default: run until stopped")
  boolean untilSettled;

  @Override
  public Integer call() throws Exception {
    if (slots < 1 || leaseTtlSeconds < 1 || pollMs < 1) {
      throw new UsageException("--slots, --lease-ttl and --poll-ms must be at least 1");
    }
    Home home = common.home(HomeUse.CREATE);
    Worker.Settings settings =
        new Worker.Settings(
            name != null ? name : defaultName(),
            fleet,
            slots,
            Duration.ofSeconds(leaseTtlSeconds),
            Duration.ofSeconds(verifyTimeoutSeconds),
            Duration.ofMillis(pollMs),
            untilSettled,
            common.json());
    try (FleetJournal journal = home.journalLocation().open();
        Worker worker = new Worker(journal, home, settings, System.out)) {
      return worker.run();
    }
  }

  private static String defaultName() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      host = "localhost";
    }
    return "worker-" + host + "-" + ProcessHandle.current().pid();
  }
}
