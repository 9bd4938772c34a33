package dev.baton.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Checks an input tree against one JSON Schema and reports every violation where it was written: an
 * unknown or missing key at the key, anything else at the value.
 */
public final class SchemaCheck {

  /** {@code topology.schema.json}. */
  public static final SchemaCheck TOPOLOGY = of("/dev/baton/topology/topology.schema.json");

  private final JsonNode schemaTree;
  private final JsonSchema schema;

  private SchemaCheck(JsonNode schemaTree) {
    this.schemaTree = schemaTree;
    this.schema = compile(schemaTree);
  }

  /** The check of the schema at class-path {@code resource}; a missing one is a build error. */
  public static SchemaCheck of(String resource) {
    return new SchemaCheck(loadTree(resource));
  }

  /** Adds to {@code errors} every way {@code tree}, read from {@code text}, breaks the schema. */
  public void check(JsonNode tree, String text, ErrorList errors) {
    SchemaMessages messages = new SchemaMessages(schemaTree, text);
    for (ValidationMessage m : schema.validate(tree)) {
      String pointer = m.getInstanceLocation().toString();
      // A missing key is the mapping's fault: point at the mapping's own key, since its first
      // value may be lines below. Items of a list and the root have no key: their value it is.
      switch (m.getType()) {
        case "additionalProperties" ->
            errors.atKey(Pointers.child(pointer, m.getProperty()), messages.describe(m));
        case "required" -> errors.atKey(pointer, messages.describe(m));
        default -> errors.at(pointer, messages.describe(m));
      }
    }
  }

  private static JsonNode loadTree(String resource) {
    try (InputStream in = SchemaCheck.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  private static JsonSchema compile(JsonNode schema) {
    // JSON pointers as instance locations, so they key straight into the LocationMap.
    SchemaValidatorsConfig config =
        SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER).build();
    return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema, config);
  }
}
