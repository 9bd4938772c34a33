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
  static java.util.function.Function<String, String> byName(Topology t) {
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
