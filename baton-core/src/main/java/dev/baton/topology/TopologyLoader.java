package dev.baton.topology;

import dev.baton.model.Topology;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Loads a topology file: YAML syntax, then the JSON Schema, then conversion into the model, then
 * the cross-references; any problem is reported at its file:line:column and nothing is returned.
 */
public final class TopologyLoader {

  private TopologyLoader() {}

  /** Reads and checks the topology in {@code file}. */
  public static LoadedTopology load(Path file) throws BadInputException {
    return parse(read(file), file.toString());
  }

  /** Checks the topology in {@code text}; {@code sourceName} is what errors cite as the file. */
  public static LoadedTopology parse(String text, String sourceName) throws BadInputException {
    InputLimits.check(text, sourceName, "topology");
    YamlReader.Parsed parsed = YamlReader.read(text, sourceName);
    ErrorList errors = new ErrorList(sourceName, parsed.locations());
    SchemaCheck.check(parsed.tree(), text, errors);
    // Conversion relies on the shape the schema guarantees, so it runs only on a valid tree.
    errors.throwIfAny();
    Topology topology = TopologyBuilder.build(parsed.tree(), errors);
    CrossReferences.check(topology, errors);
    errors.throwIfAny();
    return new LoadedTopology(topology, text, sourceName);
  }

  private static String read(Path file) throws BadInputException {
    try {
      String text = Files.readString(file);
      // Editors on Windows may start the file with a byte-order mark; YAML has no use for it.
      return text.startsWith("\uFEFF") ? text.substring(1) : text;
    } catch (IOException e) {
      String message = "cannot read " + file + ": " + reason(file, e);
      throw new BadInputException(new InputError(file.toString(), 1, 1, message));
    }
  }

  private static String reason(Path file, IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    } else if (e instanceof AccessDeniedException) {
      return "permission denied";
    } else if (e instanceof MalformedInputException) {
      return "it is not UTF-8 text";
    } else if (Files.isDirectory(file)) {
      return "it is a directory";
    }
    return e.getMessage() == null ? "an I/O error" : e.getMessage();
  }
}
