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

  /** The names of the packs in the folder, sorted, for a sentence. */
  private String known() {
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir)) {
      return String.join(
          ", ",
          files
              .map(f -> f.getFileName().toString())
              .filter(n -> n.endsWith(".yaml"))
              .map(n -> n.substring(0, n.length() - 5))
              .sorted()
              .toList());
    } catch (java.io.IOException e) {
      return "none readable";
    }
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
    if (!java.nio.file.Files.isRegularFile(file(t.pack()))) {
      // The mistake is in the topology's pack: line, not on line 1 of a file that is not there.
      dev.baton.topology.ErrorList errors = dev.baton.topology.TopologyLoader.errorsIn(lt);
      errors.at("/pack", "pack " + t.pack() + " is not in " + dir + " (known: " + known() + ")");
      errors.throwIfAny();
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
