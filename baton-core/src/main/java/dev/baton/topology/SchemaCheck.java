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

/** Checks a topology tree against {@code topology.schema.json} and reports every violation. */
final class SchemaCheck {

  private static final String RESOURCE = "/dev/baton/topology/topology.schema.json";
  private static final JsonNode SCHEMA_TREE = loadTree();
  private static final JsonSchema SCHEMA = compile(SCHEMA_TREE);

  private SchemaCheck() {}

  static void check(JsonNode tree, String text, ErrorList errors) {
    SchemaMessages messages = new SchemaMessages(SCHEMA_TREE, text);
    for (ValidationMessage m : SCHEMA.validate(tree)) {
      String pointer = m.getInstanceLocation().toString();
      if ("additionalProperties".equals(m.getType())) {
        errors.atKey(Pointers.child(pointer, m.getProperty()), messages.describe(m));
      } else {
        errors.at(pointer, messages.describe(m));
      }
    }
  }

  private static JsonNode loadTree() {
    try (InputStream in = SchemaCheck.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  private static JsonSchema compile(JsonNode schema) {
    // JSON pointers as instance locations, so they key straight into the LocationMap.
    SchemaValidatorsConfig config =
        SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER).build();
    return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema, config);
  }
}
