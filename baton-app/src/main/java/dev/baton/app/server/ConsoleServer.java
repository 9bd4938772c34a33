package dev.baton.app.server;

import dev.baton.app.AlreadyDone;
import dev.baton.app.UsageException;
import dev.baton.app.wiring.Home;
import dev.baton.app.wiring.HomeUse;
import dev.baton.app.wiring.Session;
import dev.baton.engine.Redactor;
import dev.baton.topology.BadInputException;
import dev.baton.topology.InputError;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * The console's HTTP server: REST, Server-Sent Events and the dashboard over one journal and home.
 * Started once and closed once; closing ends the streams, lets runs of this process finish their
 * step, then stops listening.
 */
public final class ConsoleServer implements AutoCloseable {

  enum State {
    LATENT,
    STARTED,
    CLOSED
  }

  /** What the dashboard's pages may load and run: their own files only, no inline script. */
  static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:;"
          + " connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none';"
          + " form-action 'none'";

  private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
  private final ConsoleConfig config;
  private final Console console;
  private final Javalin app;

  private ConsoleServer(ConsoleConfig config, Console console) {
    this.config = config;
    this.console = console;
    AccessCheck access = new AccessCheck(config, console.tokens());
    this.app =
        Javalin.create(
            cfg -> {
              cfg.startup.showJavalinBanner = false;
              cfg.startup.showOldJavalinVersionWarning = false;
              cfg.jetty.host = config.bind();
              cfg.jetty.port = config.port();
              cfg.http.maxRequestSize = 64 * 1024;
              cfg.routes.before(ctx -> headers(ctx));
              cfg.routes.before(access::check);
              new DashboardFiles().register(cfg.routes);
              new RunRoutes(console).register(cfg.routes);
              new SystemRoutes(console).register(cfg.routes);
              new EventRoutes(console).register(cfg.routes);
              cfg.routes.exception(
                  ApiError.class, (e, ctx) -> error(ctx, e.status(), e.getMessage()));
              cfg.routes.exception(
                  UsageException.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
              // The goal already holds: nothing to plan or start (the CLI's exit 0, "already").
              cfg.routes.exception(AlreadyDone.class, (e, ctx) -> error(ctx, 409, e.getMessage()));
              cfg.routes.exception(
                  BadInputException.class,
                  (e, ctx) ->
                      error(
                          ctx,
                          400,
                          e.errors().stream()
                              .map(InputError::toString)
                              .collect(Collectors.joining("; "))));
              cfg.routes.exception(
                  Exception.class,
                  (e, ctx) -> error(ctx, 500, "internal error: " + e.getClass().getSimpleName()));
              cfg.routes.error(
                  404,
                  ctx -> {
                    if (ctx.result() == null) {
                      error(ctx, 404, "no such resource: " + ctx.path());
                    }
                  });
            });
  }

  /**
   * Opens the journal of {@code home}, loads the topologies, and makes a server not yet started.
   */
  public static ConsoleServer create(ConsoleConfig config, Home home, Clock clock)
      throws BadInputException, UsageException {
    Tokens tokens = config.tokens();
    Systems systems = Systems.load(config.topologies());
    // The console starts runs, so it checks its home as apply does before anything listens.
    Session session = Session.open(home, HomeUse.CREATE);
    Redactors redactors = new Redactors();
    JournalFeed feed = new JournalFeed(session.journal(), redactors::of, clock);
    RunLauncher launcher = new RunLauncher(session, feed);
    Console console =
        new Console(
            config,
            tokens,
            session,
            systems,
            new Observations(home, clock),
            redactors,
            feed,
            launcher,
            new RunViews(session.journal(), home),
            clock);
    return new ConsoleServer(config, console);
  }

  /** Starts following the journal and listening; returns the port (useful with port 0). */
  public int start() {
    if (!state.compareAndSet(State.LATENT, State.STARTED)) {
      throw new IllegalStateException("the console cannot be started more than once");
    }
    console.feed().start();
    app.start();
    return app.port();
  }

  public int port() {
    return app.port();
  }

  public String url() {
    return "http://"
        + (config.bind().contains(":") ? "[" + config.bind() + "]" : config.bind())
        + ":"
        + port()
        + "/";
  }

  /** How many stream clients are connected now. */
  public int streamClients() {
    return console.feed().subscribers();
  }

  private static void headers(Context ctx) {
    ctx.header("Content-Security-Policy", CSP)
        .header("X-Content-Type-Options", "nosniff")
        .header("Referrer-Policy", "no-referrer")
        .header("X-Frame-Options", "DENY");
  }

  private static void error(Context ctx, int status, String sentence) {
    try {
      if (ctx.res().isCommitted()) {
        return; // a stream has begun: its status and headers are sent, nothing more can be said
      }
      if (status == 401) {
        ctx.header("WWW-Authenticate", "Bearer realm=\"baton\"");
      }
      ApiJson.send(ctx, status, Map.of("error", sentence, "status", status), Redactor.none());
    } catch (IllegalStateException gone) {
      // The server stopped under this request and its response is gone. Throwing from here sent
      // Javalin's request threads round its exception handling forever (one busy thread per
      // stream client at close), so there is nobody to answer and nothing to do.
    }
  }

  @Override
  public void close() {
    if (state.getAndSet(State.CLOSED) == State.CLOSED) {
      return;
    }
    console.feed().close();
    console.launcher().close();
    app.stop();
    console.session().close();
  }
}
