package dev.baton.drivers.sim;

import dev.baton.engine.ActionResult;
import dev.baton.engine.Driver;
import dev.baton.engine.DriverException;
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
 * changes the same system.
 */
public final class SimDriver implements Driver {

  private final SimStateFile file;
  private final Clock clock;
  private final SecretFingerprints secrets;

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
    this.file = new SimStateFile(stateFile);
    this.clock = clock;
    this.secrets = new SecretFingerprints(secrets);
  }

  /** Where a system's simulator state lives under a Baton work directory. */
  public static Path stateFileFor(Path workDir, String system) {
    return workDir.resolve("sim").resolve(system + ".json");
  }

  public Path stateFile() {
    return file.path();
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
    return io(
        () ->
            file.locked(
                () ->
                    new SimObserver(topology, stateFor(topology), clock.instant())
                        .observe(actionKeys, secrets.of(topology))));
  }

  @Override
  public ActionResult act(Topology topology, Action action, String actionKey)
      throws DriverException {
    return io(
        () ->
            file.locked(
                () -> {
                  SimState state = stateFor(topology);
                  ActionResult result =
                      new SimActor(topology, state, action, clock.instant()).act();
                  // One write holds both the change and its log entry: both land, or neither.
                  state.log(actionKey, action, clock.instant().toString());
                  file.write(state);
                  return result;
                }));
  }

  /** Creates the state file from {@code topology} unless it exists, and returns the state. */
  public SimState initialise(Topology topology) throws DriverException {
    return io(() -> file.locked(() -> stateFor(topology)));
  }

  /** A snapshot of the stored state; changing it changes nothing on disk. */
  public SimState state() {
    return existing();
  }

  /** The action log, oldest first. */
  public List<SimAction> actions() {
    return existing().actions();
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
    Optional<SimState> stored = file.read();
    if (stored.isEmpty()) {
      // The world is created once, on first sight; after that only actions change it.
      SimState created = SimSeed.create(topology);
      secrets.seedInstalledPassphrases(topology, created);
      file.write(created);
      return created;
    }
    SimState state = stored.get();
    if (!topology.system().equals(state.system())) {
      throw new DriverException(
          "sim state "
              + file.path()
              + " belongs to system "
              + state.system()
              + ", not "
              + topology.system(),
          "");
    }
    SimSeed.addMissing(state, topology);
    if (secrets.seedInstalledPassphrases(topology, state)) {
      file.write(state);
    }
    return state;
  }

  private SimState existing() {
    return file.read()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no sim state at " + file.path() + " yet; observe or initialise first"));
  }

  private void change(Consumer<SimState> change) {
    file.locked(
        () -> {
          SimState state = existing();
          change.accept(state);
          file.write(state);
          return null;
        });
  }

  private static int atLeastZero(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("a session count cannot be negative: " + n);
    }
    return n;
  }

  private static <T> T io(SimStateFile.Work<T, DriverException> work) throws DriverException {
    try {
      return work.run();
    } catch (UncheckedIOException e) {
      throw new DriverException(e.getMessage(), "");
    }
  }
}
