package dev.baton.topology;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.model.Component;
import dev.baton.model.EntryPoint;
import dev.baton.model.Node;
import dev.baton.model.Redirection;
import dev.baton.model.ReplicationLink;
import dev.baton.model.SecretRef;
import dev.baton.model.Side;
import dev.baton.model.Topology;
import dev.baton.model.Transport;
import dev.baton.model.Version;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * Turns a schema-valid topology tree into model records, filling defaults and reporting values the
 * schema cannot judge: versions and secret references.
 */
final class TopologyBuilder {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final int SSH_PORT = 22;

  private final ErrorList errors;

  private TopologyBuilder(ErrorList errors) {
    this.errors = errors;
  }

  static Topology build(JsonNode root, ErrorList errors) {
    TopologyBuilder b = new TopologyBuilder(errors);
    b.versionlessOnlyForGates(root);
    return new Topology(
        root.path("system").asText(),
        text(root, "pack"),
        root.path("driver").asText(),
        root.path("roleModel").asText(),
        each(root, "sides", b::side),
        each(root, "nodes", b::node),
        each(root, "components", b::component),
        each(root, "replication", b::link),
        each(root, "entryPoints", b::entryPoint),
        each(root, "secrets", b::secret).stream().filter(Objects::nonNull).toList(),
        b.sim(root.path("sim")));
  }

  /**
   * Only a PgBouncer gate of a postgresql topology may go without a version: plans stop and start
   * it around its side's upgrade and never install it. Every other component needs one.
   */
  private void versionlessOnlyForGates(JsonNode root) {
    JsonNode cs = root.path("components");
    boolean postgresql = "postgresql".equals(root.path("driver").asText());
    for (int i = 0; i < cs.size(); i++) {
      JsonNode c = cs.get(i);
      if (!c.hasNonNull("version")
          && !(postgresql && "pgbouncer".equals(c.path("kind").asText()))) {
        errors.at(
            "/components/" + i,
            "components["
                + i
                + "] needs a version (only a pgbouncer of a postgresql topology goes without"
                + " one)");
      }
    }
  }

  private Side side(JsonNode n, int i) {
    return new Side(n.path("name").asText(), n.path("order").asInt(i + 1));
  }

  private Node node(JsonNode n, int i) {
    Transport transport = Transport.parse(n.path("transport").asText("local"));
    int port = n.path("port").asInt(transport == Transport.SSH ? SSH_PORT : 0);
    return new Node(
        n.path("name").asText(),
        n.path("side").asText(),
        transport,
        text(n, "host"),
        port,
        text(n, "user"));
  }

  private Component component(JsonNode n, int i) {
    Map<String, String> properties = new LinkedHashMap<>();
    n.path("properties")
        .fields()
        .forEachRemaining(e -> properties.put(e.getKey(), e.getValue().asText()));
    return new Component(
        n.path("name").asText(),
        n.path("node").asText(),
        n.path("kind").asText(),
        n.hasNonNull("version")
            ? version(n.path("version").asText(), "/components/" + i + "/version")
            : null,
        text(n, "roleGroup"),
        text(n, "role"),
        n.path("order").asInt(i + 1),
        properties);
  }

  private ReplicationLink link(JsonNode n, int i) {
    return new ReplicationLink(
        n.path("name").asText(),
        n.path("from").asText(),
        n.path("to").asText(),
        n.path("kind").asText(),
        n.path("bidirectional").asBoolean(false),
        n.path("order").asInt(i + 1));
  }

  private EntryPoint entryPoint(JsonNode n, int i) {
    Map<String, String> properties = new LinkedHashMap<>();
    n.path("properties")
        .fields()
        .forEachRemaining(e -> properties.put(e.getKey(), e.getValue().asText()));
    return new EntryPoint(
        n.path("name").asText(),
        n.path("pointsAt").asText(),
        Redirection.parse(n.path("redirection").asText()),
        properties);
  }

  /** Only a reference is allowed; the value itself is never repeated in the message. */
  private SecretRef secret(JsonNode n, int i) {
    String name = n.path("name").asText();
    String ref = n.path("ref").asText();
    int colon = ref.indexOf(':');
    String scheme = colon < 0 ? "" : ref.substring(0, colon);
    String location = ref.substring(colon + 1);
    if (scheme.equals("env") && ENV_NAME.matcher(location).matches()) {
      return new SecretRef(name, SecretRef.Scheme.ENV, location);
    } else if (scheme.equals("file") && !location.isBlank()) {
      return new SecretRef(name, SecretRef.Scheme.FILE, location);
    }
    errors.at(
        "/secrets/" + i + "/ref",
        "secret "
            + name
            + ": ref must be env:NAME or file:PATH; a literal secret is refused"
            + " (the value is not shown)");
    return null;
  }

  private Version version(String text, String pointer) {
    try {
      return Version.parse(text);
    } catch (IllegalArgumentException e) {
      errors.at(pointer, Pointers.human(pointer) + ": " + e.getMessage());
      return null;
    }
  }

  private Map<String, Object> sim(JsonNode sim) {
    return sim.isObject() ? MAPPER.convertValue(sim, new TypeReference<>() {}) : Map.of();
  }

  private static <T> List<T> each(JsonNode root, String field, BiFunction<JsonNode, Integer, T> f) {
    List<T> out = new ArrayList<>();
    JsonNode items = root.path(field);
    for (int i = 0; i < items.size(); i++) {
      out.add(f.apply(items.get(i), i));
    }
    return out;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
