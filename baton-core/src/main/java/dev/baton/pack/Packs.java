package dev.baton.pack;

import dev.baton.model.Topology;
import dev.baton.topology.BadInputException;
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
   * {@code t} with its pack's terms, ready for planning; unchanged when it names no pack. A pack
   * that cannot be read or is not valid is bad input, as the topology itself would be.
   */
  public Topology withTerms(Topology t) throws BadInputException {
    if (t.pack() == null || t.pack().isBlank()) {
      return t;
    }
    return t.withTerms(load(t.pack()).terms());
  }
}
