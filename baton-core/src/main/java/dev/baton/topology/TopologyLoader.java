package dev.baton.topology;

import dev.baton.model.Topology;
import java.nio.file.Path;

/**
 * Loads a topology file: YAML syntax, then the JSON Schema, then conversion into the model, then
 * the cross-references; any problem is reported at its file:line:column and nothing is returned.
 */
public final class TopologyLoader {

  private static final YamlReader.Expected TOPOLOGY =
      new YamlReader.Expected("topology", "system, driver, sides, ...");

  private TopologyLoader() {}

  /** Reads and checks the topology in {@code file}. */
  public static LoadedTopology load(Path file) throws BadInputException {
    return parse(SourceFile.read(file, ""), file.toString());
  }

  /** Checks the topology in {@code text}; {@code sourceName} is what errors cite as the file. */
  public static LoadedTopology parse(String text, String sourceName) throws BadInputException {
    InputLimits.check(text, sourceName, "topology");
    YamlReader.Parsed parsed = YamlReader.read(text, sourceName, TOPOLOGY);
    ErrorList errors = new ErrorList(sourceName, parsed.locations());
    SchemaCheck.TOPOLOGY.check(parsed.tree(), text, errors);
    // Conversion relies on the shape the schema guarantees, so it runs only on a valid tree.
    errors.throwIfAny();
    Topology topology = TopologyBuilder.build(parsed.tree(), errors);
    CrossReferences.check(topology, errors);
    errors.throwIfAny();
    return new LoadedTopology(topology, text, sourceName);
  }

  /**
   * An empty error list placed on {@code lt}'s own text, for checks made after loading (against its
   * pack, say) to report at the topology's file:line:column like the loader does.
   */
  public static ErrorList errorsIn(LoadedTopology lt) throws BadInputException {
    return new ErrorList(
        lt.source(), YamlReader.read(lt.text(), lt.source(), TOPOLOGY).locations());
  }
}
