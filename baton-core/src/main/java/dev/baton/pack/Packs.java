package dev.baton.pack;

import dev.baton.model.Topology;
import dev.baton.topology.BadInputException;
import dev.baton.topology.LoadedTopology;
import java.nio.file.Path;

/**
 * The pack files of one folder, {@code <dir>/<name>.yaml}: loads the pack a topology names and
 * gives the topology what that pack tells strategies. The caller chooses the folder ({@code
 * $BATON_PACKS}, the checkout's {@code packs/}, a test's copy).
 */
public final class Packs {

  private final Path dir;

  public Packs(Path dir) {
    this.dir = dir;
  }

  /** The file of the pack called {@code name}. */
  public Path file(String name) {
    return dir.resolve(name + ".yaml");
  }

  /** The pack called {@code name}, read and checked; every problem at its file:line:column. */
  public Pack load(String name) throws BadInputException {
    return PackLoader.load(file(name));
  }

  /**
   * The pack {@code lt} names, checked on its own and against the topology ({@link PackFit}); empty
   * when the topology names none.
   */
  public java.util.Optional<Pack> loadFor(LoadedTopology lt) throws BadInputException {
    Topology t = lt.topology();
    if (t.pack() == null || t.pack().isBlank()) {
      return java.util.Optional.empty();
    }
    Pack pack = load(t.pack());
    PackFit.check(lt, pack);
    return java.util.Optional.of(pack);
  }

  /**
   * The topology of {@code lt} with its pack's terms, ready for planning; unchanged when it names
   * no pack. A pack that cannot be read, is not valid or does not fit the topology is bad input, as
   * the topology itself would be.
   */
  public Topology withTerms(LoadedTopology lt) throws BadInputException {
    return loadFor(lt).map(p -> lt.topology().withTerms(p.terms())).orElse(lt.topology());
  }

  /** {@code t} with its pack's terms, the pack checked on its own only. */
  public Topology withTerms(Topology t) throws BadInputException {
    if (t.pack() == null || t.pack().isBlank()) {
      return t;
    }
    return t.withTerms(load(t.pack()).terms());
  }
}
