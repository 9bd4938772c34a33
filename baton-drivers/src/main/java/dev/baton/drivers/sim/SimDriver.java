package dev.baton.drivers.sim;

import dev.baton.engine.ActionResult;
import dev.baton.engine.Driver;
import dev.baton.engine.DriverException;
import dev.baton.engine.Scope;
import dev.baton.engine.TopologyIndex;
import dev.baton.facts.Facts;
import dev.baton.facts.LinkState;
import dev.baton.model.Topology;
import dev.baton.plan.Action;
import dev.baton.plan.Verb;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A {@link Driver} that acts out one system in a JSON state file, with faults a test can inject.
 * Every call goes through the file, so another process (a resumed Baton, a test, the CLI) sees and
 * changes the same system. A call observes only the scope it is given and stores only what its
 * action touched (ADR 0025), so a step costs the same in a system of 5,000 nodes as in one of 10.
 */
public final class SimDriver implements Driver {

  private final SimStore store;
  private final Clock clock;
  private final SecretFingerprints secrets;

  // Under the state file's lock: the topology last seen and its index, and the state the
  // topology's missing parts were last added to (again after another process rewrote the file).
  private Topology indexed;
  private TopologyIndex index;
  private Topology seededTopology;
  private SimState seededState;

  public SimDriver(Path stateFile) {
    this(stateFile, Clock.systemUTC());
  }

  public SimDriver(Path stateFile, Clock clock) {
    this(stateFile, clock, name -> null);
  }

  /**
   * A simulator that also fingerprints the topology's secrets, looked up by name with {@code
   * secrets} (null when not set), so guards can compare them with what the system holds.
   */
  public SimDriver(Path stateFile, Clock clock, Function<String, String> secrets) {
    this(stateFile, clock, secrets, SimStore.WHOLE_FILE_BELOW);
  }

  /**
   * A simulator whose state file is rewritten on every action only below {@code wholeFileBelow}.
   */
  SimDriver(Path stateFile, Clock clock, Function<String, String> secrets, long wholeFileBelow) {
    this.store = new SimStore(new SimStateFile(stateFile), wholeFileBelow);
    this.clock = clock;
    this.secrets = new SecretFingerprints(secrets);
  }

  /** Where a system's simulator state lives under a Baton work directory. */
  public static Path stateFileFor(Path workDir, String system) {
    return workDir.resolve("sim").resolve(system + ".json");
  }

  public Path stateFile() {
    return store.file().path();
  }

  @Override
  public String name() {
    return "sim";
  }

  @Override
  public Set<Verb> verbs() {
    return SimActor.VERBS;
  }

  @Override
  public Facts observe(Topology topology, Collection<String> actionKeys) throws DriverException {
    return observe(topology, Scope.whole(), actionKeys);
  }

  @Override
  public Facts observe(Topology topology, Scope scope, Collection<String> actionKeys)
      throws DriverException {
    return locked(
        () ->
            new SimObserver(topology, stateFor(topology), clock.instant())
                .observe(scope, actionKeys, secrets.of(topology)));
  }

  @Override
  public ActionResult act(Topology topology, Action action, String actionKey)
      throws DriverException {
    // The log says when Baton handed the action over, not when it was done: an action under way
    // when its process froze is not one sent after it woke.
    String handedOver = clock.instant().toString();
    return locked(
        () -> {
          try {
            SimState state = stateFor(topology);
            state.beginChange();
            java.time.Instant now = clock.instant();
            ActionResult result = new SimActor(index(topology), state, action, now).act();
            // One write holds both the change and its log entry: both land, or neither.
            store.commit(state, state.log(actionKey, action, handedOver, now.toString()));
            return result;
          } catch (DriverException | RuntimeException e) {
            // A refused action may have changed the state in memory: read it again next time.
            store.forget();
            throw e;
          }
        });
  }

  /** Creates the state file from {@code topology} unless it exists, and returns the state. */
  public SimState initialise(Topology topology) throws DriverException {
    return locked(
        () -> {
          stateFor(topology);
          return store.snapshot().orElseThrow();
        });
  }

  /** A snapshot of the stored state; changing it changes nothing on disk. */
  public SimState state() {
    return existingSnapshot();
  }

  /** The action log, oldest first. */
  public List<SimAction> actions() {
    return existingSnapshot().actions();
  }

  /** How many times this driver read the whole state, and how many logged changes, from disk. */
  SimStore.Reads reads() {
    return store.reads();
  }

  /** Sets a link's lag; above zero it is lagging, zero makes it synced. */
  public void setLag(String linkName, long bytes) {
    change(
        s -> {
          SimLink link = s.link(linkName);
          if (link.state() == LinkState.REMOVED) {
            throw new IllegalStateException(
                "replication link " + linkName + " is removed; rebuild it before it can lag");
          }
          link.setLag(bytes);
        });
  }

  /** Takes a node down or brings it back; its components keep whatever state they had. */
  public void setNodeDown(String node, boolean down) {
    change(
        s -> {
          if (!s.reachable.containsKey(node)) {
            throw new IllegalArgumentException("the simulator has no node named " + node);
          }
          s.reachable.put(node, !down);
        });
  }

  public void setSessions(String component, int n) {
    change(s -> s.component(component).sessions = atLeastZero(n));
  }

  public void setTransitorySessions(String component, int n) {
    change(s -> s.component(component).transitorySessions = atLeastZero(n));
  }

  /** Sets how many sessions survive a drain of {@code component}. */
  public void setStuckSessions(String component, int n) {
    change(s -> s.component(component).stuckSessions = atLeastZero(n));
  }

  /** Forgets one product-specific property of a component, as if what it recorded were lost. */
  public void removeProperty(String component, String key) {
    change(s -> s.component(component).props.remove(key));
  }

  /** Makes every {@code verb target} action throw until the faults are cleared. */
  public void failAction(String verb, String target) {
    String failure = verb + " " + target;
    change(
        s -> {
          if (!s.failActions.contains(failure)) {
            s.failActions.add(failure);
          }
        });
  }

  /**
   * Heals every injected fault: no failing actions, every node up, no stuck or transitory sessions,
   * and lagging links synced. Removed links stay removed; removing them was an action.
   */
  public void clearFaults() {
    change(
        s -> {
          s.failActions.clear();
          s.reachable.replaceAll((node, up) -> true);
          s.components.values().forEach(c -> c.stuckSessions = c.transitorySessions = 0);
          s.links.values().stream()
              .filter(l -> l.state() == LinkState.LAGGING)
              .forEach(l -> l.setLag(0));
        });
  }

  private SimState stateFor(Topology topology) throws DriverException {
    Optional<SimState> stored = store.current();
    if (stored.isEmpty()) {
      // The world is created once, on first sight; after that only actions change it.
      SimState created = SimSeed.create(topology);
      secrets.seedInstalledPassphrases(topology, created);
      store.rewrite(created);
      seeded(topology, created);
      return created;
    }
    SimState state = stored.get();
    if (!topology.system().equals(state.system())) {
      throw new DriverException(
          "sim state "
              + store.file().path()
              + " belongs to system "
              + state.system()
              + ", not "
              + topology.system(),
          "");
    }
    if (state != seededState || topology != seededTopology) {
      boolean added = SimSeed.addMissing(state, topology);
      if (secrets.seedInstalledPassphrases(topology, state) || added) {
        store.rewrite(state);
      }
      seeded(topology, state);
    }
    return state;
  }

  private void seeded(Topology topology, SimState state) {
    seededTopology = topology;
    seededState = state;
  }

  private TopologyIndex index(Topology topology) {
    if (topology != indexed) {
      index = TopologyIndex.of(topology);
      indexed = topology;
    }
    return index;
  }

  private SimState existingSnapshot() {
    return store
        .file()
        .locked(
            () ->
                store
                    .snapshot()
                    .orElseThrow(
                        () ->
                            new IllegalStateException(
                                "no sim state at "
                                    + store.file().path()
                                    + " yet; observe or initialise first")));
  }

  private void change(Consumer<SimState> change) {
    store
        .file()
        .locked(
            () -> {
              SimState state =
                  store
                      .current()
                      .orElseThrow(
                          () ->
                              new IllegalStateException(
                                  "no sim state at "
                                      + store.file().path()
                                      + " yet; observe or initialise first"));
              try {
                change.accept(state);
              } catch (RuntimeException e) {
                store.forget();
                throw e;
              }
              store.rewrite(state);
              return null;
            });
  }

  private static int atLeastZero(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("a session count cannot be negative: " + n);
    }
    return n;
  }

  /** Runs {@code work} under the state file's lock; a failed read or write is a driver error. */
  private <T> T locked(SimStateFile.Work<T, DriverException> work) throws DriverException {
    try {
      return store.file().locked(work);
    } catch (UncheckedIOException e) {
      store.forget();
      throw new DriverException(e.getMessage(), "");
    }
  }
}
