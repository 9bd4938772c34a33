package dev.baton.app.wiring;

import dev.baton.engine.ActionResult;
import dev.baton.engine.Driver;
import dev.baton.engine.DriverException;
import dev.baton.facts.Facts;
import dev.baton.model.Topology;
import dev.baton.plan.Action;
import dev.baton.plan.Verb;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A simulator whose world does not exist yet, seen by a command that only reads: the simulator
 * creates its world on first sight, so it sees it in a scratch directory that is removed on close,
 * and the home stays as it was.
 */
final class ScratchSim implements Driver {

  private final Driver inner;
  private final Path scratch;

  private ScratchSim(Driver inner, Path scratch) {
    this.inner = inner;
    this.scratch = scratch;
  }

  static Driver open(Topology t, DriverOpener opener) throws dev.baton.app.UsageException {
    Path scratch;
    try {
      scratch = Files.createTempDirectory("baton-sim-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ScratchSim(opener.open(new Home(scratch)), scratch);
  }

  /** Opens the real driver over a home. */
  interface DriverOpener {
    Driver open(Home home) throws dev.baton.app.UsageException;
  }

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public Set<Verb> verbs() {
    return inner.verbs();
  }

  @Override
  public Optional<String> unsupported(Topology topology, Action action) {
    return inner.unsupported(topology, action);
  }

  @Override
  public Facts observe(Topology topology, Collection<String> actionKeys) throws DriverException {
    return inner.observe(topology, actionKeys);
  }

  @Override
  public ActionResult act(Topology topology, Action action, String actionKey)
      throws DriverException {
    throw new IllegalStateException("a command that only reads acted on " + topology.system());
  }

  @Override
  public void close() {
    inner.close();
    try (Stream<Path> files = Files.walk(scratch)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a scratch directory left in the system's temporary directory harms nothing
    }
  }
}
