package dev.baton.app.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How the console runs: where it listens, who may read, the people and their tokens (by secret
 * reference, never by value), and the topologies it may start runs on. Read from a small YAML file
 * ({@code docs/console.md}); command-line options override it.
 */
public record ConsoleConfig(
    String bind,
    int port,
    ReadAccess reads,
    List<String> allowedHosts,
    List<Path> topologies,
    List<PersonRef> people) {

  public static final String LOOPBACK = "127.0.0.1";
  public static final int DEFAULT_PORT = 8470;

  /** A person and where their token lives ({@code env:NAME} or {@code file:PATH}). */
  public record PersonRef(String name, String tokenRef, Access access) {}

  private static final Set<String> KEYS =
      Set.of("bind", "port", "reads", "allowedHosts", "topologies", "people");

  public ConsoleConfig {
    allowedHosts = List.copyOf(allowedHosts);
    topologies = List.copyOf(topologies);
    people = List.copyOf(people);
  }

  /** Loopback, the default port, open reads, nobody who may change anything. */
  public static ConsoleConfig defaults() {
    return new ConsoleConfig(
        LOOPBACK, DEFAULT_PORT, ReadAccess.OPEN, List.of(), List.of(), List.of());
  }

  /** Reads {@code file}; relative paths in it are relative to the file's directory. */
  public static ConsoleConfig load(Path file) throws IOException {
    JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(file + ": expected a mapping");
    }
    root.fieldNames()
        .forEachRemaining(
            k -> {
              if (!KEYS.contains(k)) {
                throw new IllegalArgumentException(
                    file + ": unknown key " + k + "; known: " + String.join(", ", KEYS));
              }
            });
    Path dir = file.toAbsolutePath().getParent();
    List<Path> topologies = new ArrayList<>();
    root.path("topologies").forEach(t -> topologies.add(dir.resolve(t.asText()).normalize()));
    List<String> hosts = new ArrayList<>();
    root.path("allowedHosts").forEach(h -> hosts.add(h.asText()));
    List<PersonRef> people = new ArrayList<>();
    for (JsonNode p : root.path("people")) {
      people.add(person(file, p, dir));
    }
    return new ConsoleConfig(
        root.path("bind").asText(LOOPBACK),
        root.path("port").asInt(DEFAULT_PORT),
        enumOf(ReadAccess.class, root.path("reads").asText("open"), file + ": reads"),
        hosts,
        topologies,
        people);
  }

  private static PersonRef person(Path file, JsonNode p, Path dir) {
    String name = p.path("name").asText("");
    String token = p.path("token").asText("");
    if (name.isBlank() || token.isBlank()) {
      throw new IllegalArgumentException(
          file + ": every person needs a name and a token reference");
    }
    if (token.startsWith("file:") && !Path.of(token.substring(5)).isAbsolute()) {
      token = "file:" + dir.resolve(token.substring(5)).normalize();
    }
    return new PersonRef(
        name,
        token,
        enumOf(Access.class, p.path("access").asText("operate"), file + ": access of " + name));
  }

  static <E extends Enum<E>> E enumOf(Class<E> type, String text, String where) {
    try {
      return Enum.valueOf(type, text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          where
              + ": "
              + text
              + " is not one of "
              + List.of(type.getEnumConstants()).toString().toLowerCase(Locale.ROOT));
    }
  }

  /** The tokens, each read from its reference now; a reference that is not set is an error. */
  public Tokens tokens() {
    List<Tokens.Grant> grants = new ArrayList<>();
    for (PersonRef p : people) {
      grants.add(new Tokens.Grant(new Person(p.name(), p.access()), resolve(p)));
    }
    return Tokens.of(grants);
  }

  private static String resolve(PersonRef p) {
    String ref = p.tokenRef();
    String value;
    if (ref.startsWith("env:")) {
      value = System.getenv(ref.substring(4));
    } else if (ref.startsWith("file:")) {
      try {
        value = Files.readString(Path.of(ref.substring(5))).strip();
      } catch (IOException e) {
        value = null;
      }
    } else {
      throw new IllegalArgumentException(
          "the token of " + p.name() + " must be a reference (env:NAME or file:PATH), not a value");
    }
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("the token of " + p.name() + " (" + ref + ") is not set");
    }
    return value;
  }

  public ConsoleConfig withBind(String b) {
    return new ConsoleConfig(b, port, reads, allowedHosts, topologies, people);
  }

  public ConsoleConfig withPort(int p) {
    return new ConsoleConfig(bind, p, reads, allowedHosts, topologies, people);
  }

  public ConsoleConfig withReads(ReadAccess r) {
    return new ConsoleConfig(bind, port, r, allowedHosts, topologies, people);
  }

  public ConsoleConfig withTopologies(List<Path> more) {
    List<Path> all = new ArrayList<>(topologies);
    more.forEach(p -> all.add(p.toAbsolutePath().normalize()));
    return new ConsoleConfig(bind, port, reads, allowedHosts, all, people);
  }

  public ConsoleConfig withPeople(List<PersonRef> more) {
    List<PersonRef> all = new ArrayList<>(people);
    all.addAll(more);
    return new ConsoleConfig(bind, port, reads, allowedHosts, topologies, all);
  }
}
