package dev.baton.app.cli;

import dev.baton.app.output.Json;
import dev.baton.app.wiring.PropertyRules;
import dev.baton.app.wiring.Secrets;
import dev.baton.model.Topology;
import dev.baton.topology.LoadedTopology;
import dev.baton.topology.SecretsInFields;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code baton validate}: checks a topology file. */
@Command(
    mixinStandardHelpOptions = true,
    name = "validate",
    description = "Check a topology file against the schema and its cross-references.",
    footer = {"", "Example:", "  baton validate examples/takeover-sim.yaml"})
public final class ValidateCommand implements Callable<Integer> {

  @Mixin Common common;

  @Parameters(index = "0", paramLabel = "TOPOLOGY", description = "The topology file (YAML).")
  Path file;

  @Override
  public Integer call() throws Exception {
    LoadedTopology lt = Secrets.load(file);
    Topology t = lt.topology();
    // The pack it names is part of what is valid (its own file, how it fits the topology), and so
    // is every key inside properties: one nothing reads is a typo until shown otherwise.
    PropertyRules.check(lt);
    for (SecretsInFields.Finding f : SecretsInFields.find(t, Secrets.valuesOf(t))) {
      System.err.println("warning: " + lt.source() + ": " + f.sentence());
    }
    if (common.json()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("valid", true);
      m.put("system", t.system());
      m.put("sides", t.sides().size());
      m.put("nodes", t.nodes().size());
      m.put("components", t.components().size());
      m.put("links", t.links().size());
      m.put("entryPoints", t.entryPoints().size());
      System.out.println(Json.write(m));
    } else {
      System.out.printf(
          "ok: %s is valid: system %s, %d sides, %d nodes, %d components, %d links,"
              + " %d entry points%n",
          file,
          t.system(),
          t.sides().size(),
          t.nodes().size(),
          t.components().size(),
          t.links().size(),
          t.entryPoints().size());
    }
    return 0;
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
