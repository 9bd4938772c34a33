package dev.baton.app.server;

import dev.baton.app.AlreadyDone;
import dev.baton.app.UsageException;
import dev.baton.app.cli.StrategyOptions;
import dev.baton.app.wiring.Drivers;
import dev.baton.app.wiring.Home;
import dev.baton.app.wiring.Secrets;
import dev.baton.app.wiring.Session;
import dev.baton.engine.Driver;
import dev.baton.engine.EngineListener;
import dev.baton.engine.EngineOptions;
import dev.baton.engine.JournalEvent;
import dev.baton.engine.RunRecord;
import dev.baton.engine.RunResult;
import dev.baton.facts.Facts;
import dev.baton.model.Topology;
import dev.baton.plan.Goal;
import dev.baton.plan.Plan;
import dev.baton.strategy.Strategy;
import dev.baton.topology.BadInputException;
import dev.baton.topology.LoadedTopology;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs started, resumed or aborted from the console, each on a thread of this process under the
 * system's lease like any CLI run, with the person's name as the operator. The journal feed is
 * nudged on every record, so the stream shows them at once.
 */
final class RunLauncher implements AutoCloseable {

  /** How long a start may take to get its run id before the request gives up waiting. */
  static final Duration START_WAIT = Duration.ofSeconds(60);

  private final Session session;
  private final Home home;
  private final JournalFeed feed;

  /** Runs this process executes now, each with what completes when its thread is done. */
  private final Map<String, CompletableFuture<Void>> running = new ConcurrentHashMap<>();

  private final AtomicInteger threads = new AtomicInteger();
  private final ExecutorService pool =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "baton-run-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
          });

  RunLauncher(Session session, JournalFeed feed) {
    this.session = session;
    this.home = session.home();
    this.feed = feed;
  }

  /** Whether a run is being executed by this process now. */
  boolean isRunningHere(String runId) {
    return running.containsKey(runId);
  }

  /**
   * Waits until this process no longer executes {@code runId}, for at most {@code within}: a run
   * that has journaled its halt still releases its lease before its thread ends.
   */
  boolean awaitIdle(String runId, Duration within) {
    CompletableFuture<Void> f = running.get(runId);
    if (f == null) {
      return true;
    }
    try {
      f.get(within.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException | ExecutionException e) {
      return !running.containsKey(runId);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Plans {@code strategy} on fresh facts and starts it; returns the new run's id once the run is
   * journaled. A run refused before it began (the lease is held elsewhere) is a conflict.
   */
  String start(
      LoadedTopology lt, String strategy, Goal goal, Map<String, String> overrides, Person who)
      throws UsageException, BadInputException {
    Secrets.refuseSecretsInFields(lt);
    dev.baton.app.wiring.PropertyRules.check(lt);
    Topology t = lt.topology();
    Driver driver = Drivers.forTopology(t, home);
    Plan plan;
    try {
      Session.refuseTopologyProblems(driver, t);
      Facts facts = Session.observeOrWarn(driver, t);
      Strategy s = Session.strategy(strategy);
      StrategyOptions.checked(s, goal.options());
      plan = Session.plan(s, lt, facts, goal);
    } catch (dev.baton.app.Refused e) {
      driver.close();
      throw new ApiError(409, e.getMessage());
    } catch (AlreadyDone e) {
      // Nothing to start: the system is already where the goal asks, as the CLI says with exit 0.
      driver.close();
      throw new ApiError(409, e.getMessage());
    } catch (UsageException | BadInputException | RuntimeException e) {
      driver.close();
      throw e;
    }
    RunRecord template =
        RunRecord.starting(
            plan.system(),
            plan.strategy(),
            goal.targetVersion() == null ? "" : goal.targetVersion().text(),
            goal.options(),
            lt.source(),
            lt.text(),
            plan.fingerprint());
    CompletableFuture<String> id = new CompletableFuture<>();
    CompletableFuture<Void> finished = new CompletableFuture<>();
    CompletableFuture<RunResult> ended =
        CompletableFuture.supplyAsync(
            () -> {
              try (driver) {
                return session
                    .engine(driver, t, listener(id, finished))
                    .start(t, plan, template, options(overrides, who));
              } finally {
                id.thenAccept(running::remove);
                finished.complete(null);
                feed.nudge();
              }
            },
            pool);
    try {
      CompletableFuture.anyOf(id, ended).get(START_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new ApiError(500, "the run could not start: " + e.getCause());
    } catch (TimeoutException e) {
      throw new ApiError(504, "the run did not start within " + START_WAIT.toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiError(503, "interrupted");
    }
    if (id.isDone()) {
      return id.join();
    }
    throw ApiError.conflict(ended.join().sentence());
  }

  /** Continues a journaled run here; refused while this process already runs it. */
  void resume(RunRecord run, Map<String, String> overrides, Person who)
      throws UsageException, BadInputException {
    continueRun(
        run,
        (engine, rb, o) -> engine.resume(run.runId(), rb.topology().topology(), rb.plan(), o),
        overrides,
        who);
  }

  /** Aborts a journaled run here: undoes what it did back to its last point of no return. */
  void abort(RunRecord run, Person who) throws UsageException, BadInputException {
    continueRun(
        run,
        (engine, rb, o) -> engine.abort(run.runId(), rb.topology().topology(), rb.plan(), o),
        Map.of(),
        who);
  }

  private interface Call {
    RunResult call(dev.baton.engine.Engine engine, Session.Rebuilt rb, EngineOptions o);
  }

  private void continueRun(RunRecord run, Call call, Map<String, String> overrides, Person who)
      throws UsageException, BadInputException {
    Session.Rebuilt rb = Session.replan(run);
    CompletableFuture<Void> finished = new CompletableFuture<>();
    if (running.putIfAbsent(run.runId(), finished) != null) {
      throw ApiError.conflict("run " + run.runId() + " is running in this console already");
    }
    Topology t = rb.topology().topology();
    Driver driver;
    try {
      driver = Drivers.forTopology(t, home);
    } catch (UsageException | RuntimeException e) {
      running.remove(run.runId());
      throw e;
    }
    CompletableFuture<Void> begun = new CompletableFuture<>();
    CompletableFuture<RunResult> ended =
        CompletableFuture.supplyAsync(
            () -> {
              try (driver) {
                return call.call(
                    session.engine(driver, t, began(begun)), rb, options(overrides, who));
              } finally {
                running.remove(run.runId());
                finished.complete(null);
                feed.nudge();
              }
            },
            pool);
    // Wait until it holds the lease, so that a refusal (another process runs it) is answered.
    RunResult early = awaitBegun(begun, ended);
    if (early != null) {
      throw ApiError.conflict(early.sentence());
    }
  }

  /** Null once the run holds its lease; its result when it ended before. */
  private static RunResult awaitBegun(
      CompletableFuture<?> begun, CompletableFuture<RunResult> ended) {
    try {
      CompletableFuture.anyOf(begun, ended).get(START_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new ApiError(500, "the run could not continue: " + e.getCause());
    } catch (TimeoutException e) {
      throw new ApiError(504, "the run did not continue within " + START_WAIT.toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiError(503, "interrupted");
    }
    return begun.isDone() ? null : ended.join();
  }

  private EngineListener listener(CompletableFuture<String> id, CompletableFuture<Void> finished) {
    return new EngineListener() {
      @Override
      public void runStarted(String runId, Plan plan, boolean resumed) {
        running.put(runId, finished);
        id.complete(runId);
      }

      @Override
      public void recorded(JournalEvent event) {
        feed.nudge();
      }
    };
  }

  private EngineListener began(CompletableFuture<Void> begun) {
    return new EngineListener() {
      @Override
      public void leaseTaken(String system) {
        begun.complete(null);
      }

      @Override
      public void recorded(JournalEvent event) {
        feed.nudge();
      }
    };
  }

  private static EngineOptions options(Map<String, String> overrides, Person who) {
    // Confirm gates are approved from the console by a person, never passed by a flag.
    return new EngineOptions(
        false, overrides, Duration.ofSeconds(15), Duration.ofSeconds(30), who.name());
  }

  /** Lets runs in progress finish their step for a bounded time, then interrupts them. */
  @Override
  public void close() {
    pool.shutdown();
    try {
      if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
        pool.shutdownNow();
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
