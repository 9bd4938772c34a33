package dev.baton.app.wiring;

import dev.baton.engine.Redactor;
import dev.baton.model.SecretRef;
import dev.baton.model.Topology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves a topology's secret references only to learn the values to redact; the values are never
 * stored, printed or journaled.
 */
public final class Secrets {
  private Secrets() {}

  /** A secret's value by its topology name, read at the moment a driver needs it. */
  public static java.util.function.Function<String, String> byName(Topology t) {
    return name ->
        t.secrets().stream()
            .filter(r -> r.name().equals(name))
            .findFirst()
            .map(Secrets::value)
            .orElseThrow(
                () -> new IllegalArgumentException("no secret named " + name + " in the topology"));
  }

  private static String value(SecretRef ref) {
    String v =
        switch (ref.scheme()) {
          case ENV -> System.getenv(ref.location());
          case FILE -> read(Path.of(ref.location()));
        };
    if (v == null) {
      throw new IllegalArgumentException("secret " + ref.name() + " (" + ref + ") is not set");
    }
    return v;
  }

  /** The secrets that are set, by name; their values are used only to compare and to redact. */
  public static java.util.Map<String, String> valuesOf(Topology t) {
    java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
    for (SecretRef ref : t.secrets()) {
      String v =
          switch (ref.scheme()) {
            case ENV -> System.getenv(ref.location());
            case FILE -> read(Path.of(ref.location()));
          };
      if (v != null) {
        out.put(ref.name(), v);
      }
    }
    return out;
  }

  /**
   * The value of a secret given on the command line by reference ({@code env:NAME} or {@code
   * file:PATH}); from then on everything this process prints is redacted with it.
   */
  public static String resolve(String flag, String ref) throws dev.baton.app.UsageException {
    String v;
    if (ref.startsWith("env:") && ref.length() > 4) {
      v = System.getenv(ref.substring(4));
    } else if (ref.startsWith("file:") && ref.length() > 5) {
      v = read(Path.of(ref.substring(5)));
    } else {
      throw new dev.baton.app.UsageException(
          flag + " takes a reference, env:NAME or file:PATH, never the secret itself");
    }
    if (v == null) {
      throw new dev.baton.app.UsageException(flag + " " + ref + " is not set");
    }
    v = v.strip();
    RedactingOutput.install(Redactor.of(List.of(v)));
    return v;
  }

  /** Loads a topology and from then on redacts everything this process prints with its secrets. */
  public static dev.baton.topology.LoadedTopology load(Path file)
      throws dev.baton.topology.BadInputException {
    dev.baton.topology.LoadedTopology lt = dev.baton.topology.TopologyLoader.load(file);
    guardOutput(lt.topology());
    return lt;
  }

  /**
   * Refuses to act on a topology that holds a secret's value in a field that is not secret: ids and
   * names built from that field would carry it into the journal. Says where, never the value.
   */
  public static void refuseSecretsInFields(dev.baton.topology.LoadedTopology lt)
      throws dev.baton.app.UsageException {
    List<dev.baton.topology.SecretsInFields.Finding> found =
        dev.baton.topology.SecretsInFields.find(lt.topology(), valuesOf(lt.topology()));
    if (!found.isEmpty()) {
      throw new dev.baton.app.UsageException(
          lt.source()
              + ": "
              + String.join(
                  "; ",
                  found.stream().map(dev.baton.topology.SecretsInFields.Finding::sentence).toList())
              + "; refusing to run it");
    }
  }

  /**
   * Redacts everything this process prints from now on with {@code t}'s secrets, ids and names
   * included: a secret written into a non-secret field would otherwise be printed through them.
   */
  public static void guardOutput(Topology t) {
    RedactingOutput.install(redactorFor(t));
  }

  public static Redactor redactorFor(Topology t) {
    List<String> values = new ArrayList<>();
    for (SecretRef ref : t.secrets()) {
      String v =
          switch (ref.scheme()) {
            case ENV -> System.getenv(ref.location());
            case FILE -> read(Path.of(ref.location()));
          };
      if (v != null) {
        values.add(v);
      }
    }
    return Redactor.of(values);
  }

  /** A secret is a line or a key, not a device or a log: larger files are not read. */
  private static final long MAX_SECRET_BYTES = 64 * 1024;

  private static String read(Path p) {
    try {
      if (!Files.isRegularFile(p) || Files.size(p) > MAX_SECRET_BYTES) {
        return null;
      }
      return Files.readString(p).strip();
    } catch (IOException e) {
      return null;
    }
  }
}
