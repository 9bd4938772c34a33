package dev.baton.topology;

import dev.baton.model.Component;
import dev.baton.model.EntryPoint;
import dev.baton.model.Node;
import dev.baton.model.ReplicationLink;
import dev.baton.model.Side;
import dev.baton.model.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds the fields of a topology that hold a secret's value although they are not secret (a host, a
 * node name, a property): Baton prints and journals those fields, ids built from them included, so
 * a secret written there would leave its box. Only where each field is, never the value.
 */
public final class SecretsInFields {

  /** A field holding the value of {@code secret}, at its path in the file. */
  public record Finding(String path, String secret) {
    public String sentence() {
      return path
          + " holds the value of secret "
          + secret
          + ", which Baton would print and journal; keep secrets only in the secrets section";
    }
  }

  private SecretsInFields() {}

  /** Each non-secret field equal to one of {@code values} (secret name to value). */
  public static List<Finding> find(Topology t, Map<String, String> values) {
    List<Finding> out = new ArrayList<>();
    Check c = new Check(values, out);
    c.field("system", t.system());
    for (int i = 0; i < t.sides().size(); i++) {
      Side s = t.sides().get(i);
      c.field("sides[" + i + "].name", s.name());
    }
    for (int i = 0; i < t.nodes().size(); i++) {
      Node n = t.nodes().get(i);
      String at = "nodes[" + i + "]";
      c.field(at + ".name", n.name());
      c.field(at + ".host", n.host());
      c.field(at + ".user", n.user());
    }
    for (int i = 0; i < t.components().size(); i++) {
      Component k = t.components().get(i);
      String at = "components[" + i + "]";
      c.field(at + ".name", k.name());
      c.field(at + ".kind", k.kind());
      c.field(at + ".roleGroup", k.roleGroup());
      c.properties(at + ".properties", k.properties());
    }
    for (int i = 0; i < t.links().size(); i++) {
      ReplicationLink l = t.links().get(i);
      c.field("replication[" + i + "].name", l.name());
    }
    for (int i = 0; i < t.entryPoints().size(); i++) {
      EntryPoint e = t.entryPoints().get(i);
      String at = "entryPoints[" + i + "]";
      c.field(at + ".name", e.name());
      c.properties(at + ".properties", e.properties());
    }
    return out;
  }

  private record Check(Map<String, String> values, List<Finding> out) {
    void field(String path, String value) {
      if (value == null || value.isBlank()) {
        return;
      }
      values.forEach(
          (name, secret) -> {
            if (secret != null && !secret.isBlank() && secret.strip().equals(value.strip())) {
              out.add(new Finding(path, name));
            }
          });
    }

    void properties(String path, Map<String, String> properties) {
      properties.forEach((k, v) -> field(path + "." + k, v));
    }
  }
}
