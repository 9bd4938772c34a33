package dev.baton.app.server;

import dev.baton.app.UsageException;
import dev.baton.app.cli.Common;
import dev.baton.app.wiring.ShutdownHooks;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code baton serve}: the operator's console (REST, live events, dashboard) until Ctrl-C. */
@Command(
    mixinStandardHelpOptions = true,
    name = "serve",
    description = {
      "Serve the operator's console: REST, live events and the dashboard.",
      "It reads the same journal and home as the CLI. Bound to 127.0.0.1 by default; every change"
          + " needs a person's bearer token. See docs/console.md."
    },
    footer = {
      "",
      "Example:",
      "  BATON_TOKEN_ALICE=... baton serve --topology examples/takeover-sim.yaml \\",
      "      --person alice=env:BATON_TOKEN_ALICE"
    })
public final class ServeCommand implements Callable<Integer> {

  @Mixin Common common;

  @Option(names = "--config", paramLabel = "FILE", description = "The console's YAML file.")
  Path config;

  @Option(names = "--bind", paramLabel = "ADDRESS", description = "Default: 127.0.0.1")
  String bind;

  @Option(names = "--port", paramLabel = "PORT", description = "Default: 8470; 0 picks a free one")
  Integer port;

  @Option(
      names = "--reads",
      paramLabel = "open|token",
      description = "Whether reading needs a token. Default: open")
  String reads;

  @Option(
      names = "--topology",
      paramLabel = "FILE",
      description = "A topology runs may be planned and started on (repeatable).")
  List<Path> topologies = new ArrayList<>();

  @Option(
      names = "--person",
      paramLabel = "NAME=REF",
      description = "Someone who may operate, with their token's reference (env:VAR or file:PATH).")
  List<String> people = new ArrayList<>();

  @Option(
      names = "--viewer",
      paramLabel = "NAME=REF",
      description = "Someone who may only read, with their token's reference.")
  List<String> viewers = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    ConsoleConfig c = settings();
    CountDownLatch stopped = new CountDownLatch(1);
    ConsoleServer server;
    try {
      server = ConsoleServer.create(c, common.resolveHome(), Clock.systemUTC());
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    Thread hook =
        ShutdownHooks.of(
            "baton-serve-stop",
            () -> {
              server.close();
              stopped.countDown();
            });
    Runtime.getRuntime().addShutdownHook(hook);
    server.start();
    System.out.println(
        "baton console on "
            + server.url()
            + " (journal "
            + common.resolveHome().journalFile()
            + "; reads "
            + c.reads().name().toLowerCase(java.util.Locale.ROOT)
            + "; "
            + c.people().size()
            + " token holders); Ctrl-C stops it");
    stopped.await();
    return 0;
  }

  private ConsoleConfig settings() throws Exception {
    ConsoleConfig c = config == null ? ConsoleConfig.defaults() : ConsoleConfig.load(config);
    if (bind != null) {
      c = c.withBind(bind);
    }
    if (port != null) {
      c = c.withPort(port);
    }
    if (reads != null) {
      try {
        c = c.withReads(ConsoleConfig.enumOf(ReadAccess.class, reads, "--reads"));
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage());
      }
    }
    List<ConsoleConfig.PersonRef> more = new ArrayList<>();
    for (String p : people) {
      more.add(ref(p, Access.OPERATE, "--person"));
    }
    for (String p : viewers) {
      more.add(ref(p, Access.READ, "--viewer"));
    }
    return c.withTopologies(topologies).withPeople(more);
  }

  private static ConsoleConfig.PersonRef ref(String pair, Access access, String flag)
      throws UsageException {
    int eq = pair.indexOf('=');
    if (eq <= 0 || eq == pair.length() - 1) {
      throw new UsageException(flag + " " + pair + ": expected NAME=env:VAR or NAME=file:PATH");
    }
    return new ConsoleConfig.PersonRef(pair.substring(0, eq), pair.substring(eq + 1), access);
  }
}
