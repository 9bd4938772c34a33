package dev.baton.app.fleet;

import dev.baton.app.UsageException;
import dev.baton.app.cli.Common;
import dev.baton.app.output.Json;
import dev.baton.app.wiring.Home;
import dev.baton.app.wiring.HomeUse;
import dev.baton.app.wiring.Secrets;
import dev.baton.fleet.Fleet;
import dev.baton.fleet.FleetLoader;
import dev.baton.fleet.FleetMember;
import dev.baton.fleet.FleetState;
import dev.baton.fleet.FleetStatus;
import dev.baton.journal.FleetJournal;
import dev.baton.journal.Fleets;
import dev.baton.topology.TopologyLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code baton fleet}: define a fleet in the journal, show it, pause, resume or abort it. */
@Command(
    mixinStandardHelpOptions = true,
    name = "fleet",
    description = {
      "Roll one upgrade out over many systems, in waves.",
      "Waves (a canary first), a concurrency cap overall and per site or tag, a failure budget"
          + " that stops new starts, and maintenance windows. Workers (baton worker) on a shared"
          + " journal claim and run the systems."
    },
    subcommands = {
      FleetCommand.Apply.class,
      FleetCommand.Status.class,
      FleetCommand.Pause.class,
      FleetCommand.Resume.class,
      FleetCommand.Abort.class
    },
    footer = {
      "",
      "Examples:",
      "  baton fleet apply fleet.yaml --journal postgresql://baton@db/baton",
      "  baton fleet status q3-upgrade --journal postgresql://baton@db/baton",
      "  baton fleet pause q3-upgrade --reason 'change freeze'"
    })
public final class FleetCommand implements Runnable {

  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "apply",
      description = {
        "Check a fleet file and define the fleet in the journal.",
        "Every topology the file names is checked, and every system starts pending. The same file"
            + " again changes nothing; exit 2 on bad input."
      })
  static final class Apply implements Callable<Integer> {
    @Mixin Common common;

    @Parameters(index = "0", paramLabel = "FLEET", description = "The fleet file (YAML).")
    Path file;

    @Override
    public Integer call() throws Exception {
      Fleet fleet = FleetLoader.load(file);
      for (FleetMember m : fleet.members()) {
        Secrets.refuseSecretsInFields(TopologyLoader.parse(m.topologyText(), m.topologySource()));
      }
      try (FleetJournal journal = common.home(HomeUse.CREATE).journalLocation().open()) {
        Fleets.Defined defined;
        try {
          defined = journal.fleets().define(fleet);
        } catch (IllegalArgumentException e) {
          throw new UsageException(e.getMessage());
        }
        String sentence =
            "fleet %s: %d systems in %d waves (%s) %s %s"
                .formatted(
                    fleet.name(),
                    fleet.members().size(),
                    fleet.waves(),
                    waveSizes(fleet),
                    defined == Fleets.Defined.CREATED ? "defined in" : "already defined in",
                    journal.shown());
        if (common.json()) {
          System.out.println(
              Json.write(
                  java.util.Map.of(
                      "fleet",
                      fleet.name(),
                      "defined",
                      defined.name().toLowerCase(),
                      "sentence",
                      sentence)));
        } else {
          System.out.println(sentence);
          System.out.println("start workers with: baton worker --journal " + journal.shown());
        }
        return 0;
      }
    }

    private static String waveSizes(Fleet fleet) {
      List<String> sizes = new ArrayList<>();
      for (int w = 0; w < fleet.waves(); w++) {
        int wave = w;
        sizes.add(Long.toString(fleet.members().stream().filter(m -> m.wave() == wave).count()));
      }
      return String.join(", ", sizes);
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "status",
      description =
          "Every system of a fleet with its wave and state, and why the fleet stands where it does; every fleet without a name.")
  static final class Status implements Callable<Integer> {
    @Mixin Common common;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "A fleet.")
    String name;

    @Override
    public Integer call() throws Exception {
      Home home = common.home(HomeUse.READ);
      if (home.journalMissing()) {
        // Reading creates nothing: a journal not there yet holds no fleet.
        if (name != null) {
          throw new UsageException("no fleet " + name + " in " + home.journalName());
        }
        FleetText.list(List.of(), common.json(), System.out);
        return 0;
      }
      try (FleetJournal journal = home.journalLocation().open()) {
        if (name == null) {
          List<FleetStatus> all = new ArrayList<>();
          for (String n : journal.fleets().names()) {
            all.add(journal.fleets().status(n).orElseThrow());
          }
          FleetText.list(all, common.json(), System.out);
          return 0;
        }
        FleetStatus status =
            journal
                .fleets()
                .status(name)
                .orElseThrow(
                    () -> new UsageException("no fleet " + name + " in " + journal.shown()));
        FleetText.show(status, common.json(), System.out);
        return 0;
      }
    }
  }

  /** What pause, resume and abort share: the fleet, who, and why. */
  abstract static class Change implements Callable<Integer> {
    @Mixin Common common;

    @Parameters(index = "0", paramLabel = "NAME", description = "A fleet.")
    String name;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why; shown by fleet status.")
    String reason;

    @Option(names = "--operator", paramLabel = "NAME", description = "Who. Default: $USER")
    String operator;

    abstract FleetState to();

    abstract String verb();

    @Override
    public Integer call() throws Exception {
      String who = operator != null ? operator : System.getenv().getOrDefault("USER", "operator");
      String note =
          to() == FleetState.ACTIVE
              ? null
              : verb() + " by " + who + (reason == null ? "" : ": " + reason);
      Home home = common.home(HomeUse.UPDATE);
      if (home.journalMissing()) {
        throw new UsageException("no fleet " + name + " in " + home.journalName());
      }
      try (FleetJournal journal = home.journalLocation().open()) {
        FleetStatus status;
        try {
          status = journal.fleets().change(name, to(), note);
        } catch (IllegalArgumentException e) {
          throw new UsageException(e.getMessage());
        }
        FleetText.sentence(status, common.json(), System.out);
        return 0;
      }
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "pause",
      description = "Start no new system until resumed; running ones finish.")
  static final class Pause extends Change {
    @Override
    FleetState to() {
      return FleetState.PAUSED;
    }

    @Override
    String verb() {
      return "paused";
    }
  }

  @Command(mixinStandardHelpOptions = true, name = "resume", description = "Start systems again.")
  static final class Resume extends Change {
    @Override
    FleetState to() {
      return FleetState.ACTIVE;
    }

    @Override
    String verb() {
      return "resumed";
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "abort",
      description = "Start no new system again: pending ones are skipped, running ones finish.")
  static final class Abort extends Change {
    @Override
    FleetState to() {
      return FleetState.ABORTED;
    }

    @Override
    String verb() {
      return "aborted";
    }
  }
}
