package dev.baton.demo.bench;

/** Writes a topology of N nodes, one component each, paired A/B with a link per pair. */
public final class GeneratedTopology {
  private GeneratedTopology() {}

  public static String yaml(int nodes) {
    StringBuilder b = new StringBuilder();
    b.append("system: generated\ndriver: sim\nroleModel: active-standby\n");
    b.append("sides:\n  - name: A\n  - name: B\n");
    b.append("nodes:\n");
    for (int i = 0; i < nodes; i++) {
      b.append("  - name: n")
          .append(i)
          .append("\n    side: ")
          .append(i % 2 == 0 ? "A" : "B")
          .append('\n');
    }
    b.append("components:\n");
    for (int i = 0; i < nodes; i++) {
      b.append("  - name: c")
          .append(i)
          .append("\n    node: n")
          .append(i)
          .append("\n    kind: server\n    version: \"1.0\"\n    order: ")
          .append(1 + i / 100)
          .append('\n');
    }
    if (nodes >= 2) {
      b.append("replication:\n");
      for (int i = 0; i + 1 < nodes; i += 2) {
        b.append("  - name: l")
            .append(i)
            .append("\n    from: c")
            .append(i)
            .append("\n    to: c")
            .append(i + 1)
            .append("\n    kind: streaming\n    order: ")
            .append(i + 1)
            .append('\n');
      }
    }
    return b.toString();
  }
}
