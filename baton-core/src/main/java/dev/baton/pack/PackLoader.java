package dev.baton.pack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.topology.BadInputException;
import dev.baton.topology.ErrorList;
import dev.baton.topology.InputLimits;
import dev.baton.topology.SchemaCheck;
import dev.baton.topology.SourceFile;
import dev.baton.topology.YamlReader;
import java.nio.file.Path;

/**
 * Reads a pack file through the topology's YAML reader and JSON-Schema check, then checks what a
 * schema cannot: verbs and probes against Baton's vocabulary, and that every placeholder of a
 * template is one something fills. Every problem is reported at once, at its file:line:column.
 */
public final class PackLoader {

  private static final YamlReader.Expected PACK =
      new YamlReader.Expected("pack", "pack, product, kinds, ...");

  /** {@code pack.schema.json}, next to the topology's schema. */
  private static final SchemaCheck SCHEMA = SchemaCheck.of("/dev/baton/topology/pack.schema.json");

  private PackLoader() {}

  /**
   * Reads and checks the pack in {@code file}, whose {@code pack:} name must be the file's: a
   * renamed copy would otherwise be taken for the pack it was copied from.
   */
  public static Pack load(Path file) throws BadInputException {
    String text = SourceFile.read(file, "the pack ");
    Pack pack = parse(text, file.toString());
    String stem = file.getFileName().toString().replaceFirst("\\.yaml$", "");
    if (!pack.name().equals(stem)) {
      YamlReader.Parsed parsed = YamlReader.read(text, file.toString(), PACK);
      ErrorList errors = new ErrorList(file.toString(), parsed.locations());
      errors.at(
          "/pack",
          "the pack is named '%s' but its file is %s; a pack's name is its file's name (%s.yaml)"
              .formatted(pack.name(), file.getFileName(), pack.name()));
      errors.throwIfAny();
    }
    return pack;
  }

  /** Checks the pack in {@code text}; {@code source} is what errors cite as the file. */
  public static Pack parse(String text, String source) throws BadInputException {
    InputLimits.check(text, source, "pack");
    YamlReader.Parsed parsed = YamlReader.read(text, source, PACK);
    JsonNode tree = parsed.tree();
    ErrorList errors = new ErrorList(source, parsed.locations());
    SCHEMA.check(tree, text, errors);
    // The builder reads only values of the shape the schema asks for, so it can run on a tree the
    // schema refused and report the placeholder and pattern problems too, all in one go.
    Pack pack = PackBuilder.build(tree, errors);
    errors.throwIfAny();
    return pack;
  }
}
