package dev.baton.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.model.ProductTerms;
import dev.baton.model.ProductTerms.Cluster;
import dev.baton.model.ProductTerms.Database;
import dev.baton.model.Term;
import dev.baton.model.Topology;
import dev.baton.topology.BadInputException;
import dev.baton.topology.InputError;
import dev.baton.topology.TopologyLoader;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a pack tells strategies: its terms and cluster sections, read, defaulted and checked. */
class PackTermsTest {

  private static final Packs PACKS = new Packs(Path.of("..", "packs"));

  private static final String CLUSTERED =
      """
      pack: demo
      terms:
        product: Demo
      kinds:
        res: {}
        node: {}
        app: {}
        db: {}
      cluster:
        resource: res
        nodes: node
        dependents:
          - {kind: app, name: the app server}
        databases:
          - {kind: db, name: the config database, required: true}
      """;

  @Test
  void theClusterSectionKeepsTheQuiesceOrderAndFillsTheWordingDefaults() throws Exception {
    ProductTerms terms = PackLoader.parse(CLUSTERED, "demo.yaml").terms();
    Cluster c = terms.cluster().orElseThrow();
    assertEquals("Demo", terms.word(Term.PRODUCT));
    assertEquals("the dependents", c.silence());
    assertEquals("Stop the app server app-1", c.dependent("app").stopTitle("app-1"));
    assertEquals("start-app-1", c.dependent("app").startId("app-1"));
    Database db = c.database("db");
    assertEquals("Back up the config database db-1", db.title("db-1"));
    assertEquals("backup-db-1", db.id("db-1"));
    assertEquals("back up the config database", db.source());
  }

  @Test
  void theEntssoPackNamesItsClusterPartsInSeedOrder() throws Exception {
    Cluster c = PACKS.load("entsso").terms().cluster().orElseThrow();
    assertEquals("cluster-resource", c.resource());
    assertEquals("entsso-mss", c.nodes());
    assertEquals(
        List.of("biztalk-host", "rule-engine", "sso-slave", "sql-agent-jobs"),
        c.dependents().stream().map(ProductTerms.Dependent::kind).toList());
    assertEquals("disable-jobs", c.dependent("sql-agent-jobs").stopId("jobs"));
    assertEquals(
        List.of("sso-db", "biztalk-dbs"), c.databases().stream().map(Database::kind).toList());
  }

  @Test
  void aClusterKindThePackDoesNotDeclareIsRefusedWhereItIsNamed() {
    InputError e = only(CLUSTERED.replace("  nodes: node", "  nodes: nod"));
    assertEquals(
        "demo.yaml:11:10: cluster names kind 'nod', which the pack does not declare;"
            + " declared kinds: res, node, app, db",
        e.toString());
  }

  @Test
  void aStepWordMustBeOneCapitalisedWord() {
    InputError e = only(CLUSTERED.replace("name: the app server}", "name: x, stop: shut down}"));
    assertEquals(
        "demo.yaml:13:34: cluster.dependents[0].stop: expected one capitalised word, e.g. Stop,"
            + " got 'shut down'",
        e.toString());
  }

  @Test
  void aDatabaseTitleMustNameItsComponent() {
    InputError e = only(CLUSTERED.replace("required: true}", "title: Back up now}"));
    assertEquals(
        "demo.yaml:15:52: a database's title names its component as {component} and nothing else",
        e.toString());
  }

  @Test
  void anUnknownTermIsRefusedNamingTheTermsThereAre() {
    InputError e = only(CLUSTERED.replace("  product: Demo", "  vendor: Demo"));
    assertEquals(
        "demo.yaml:3:3: terms: unknown key 'vendor'; allowed keys: product, main-database,"
            + " report-database",
        e.toString());
  }

  @Test
  void theSchemaAllowsExactlyTheTermsCoreKnows() throws Exception {
    JsonNode schema;
    try (InputStream in = getClass().getResourceAsStream("/dev/baton/topology/pack.schema.json")) {
      schema = new ObjectMapper().readTree(in);
    }
    List<String> keys = new ArrayList<>();
    schema.at("/properties/terms/properties").fieldNames().forEachRemaining(keys::add);
    assertEquals(Arrays.stream(Term.values()).map(Term::label).toList(), keys);
  }

  @Test
  void aTopologyGetsItsPacksTermsAndOneWithoutAPackStaysAsItIs() throws Exception {
    Topology t = TopologyLoader.load(Path.of("..", "examples", "entsso-cluster.yaml")).topology();
    assertEquals("ENTSSO", PACKS.withTerms(t).terms().word(Term.PRODUCT));
    assertSame(ProductTerms.NONE, t.terms());
    Topology none = t.withTerms(ProductTerms.NONE);
    Topology packless =
        new Topology(
            none.system(),
            null,
            none.driver(),
            none.roleModel(),
            none.sides(),
            none.nodes(),
            none.components(),
            none.links(),
            none.entryPoints(),
            none.secrets(),
            none.sim());
    assertSame(packless, PACKS.withTerms(packless));
    assertEquals("the product", packless.terms().word(Term.PRODUCT));
  }

  @Test
  void aMissingPackIsBadInputNamingItsFile() {
    Topology t;
    try {
      t = TopologyLoader.load(Path.of("..", "examples", "entsso-cluster.yaml")).topology();
    } catch (BadInputException e) {
      throw new AssertionError(e);
    }
    BadInputException e =
        assertThrows(BadInputException.class, () -> new Packs(Path.of("nowhere")).withTerms(t));
    assertEquals(
        "nowhere/entsso.yaml:1:1: cannot read the pack nowhere/entsso.yaml: no such file",
        e.getMessage());
  }

  private static InputError only(String text) {
    BadInputException e =
        assertThrows(BadInputException.class, () -> PackLoader.parse(text, "demo.yaml"));
    assertEquals(1, e.errors().size(), e.getMessage());
    return e.errors().get(0);
  }
}
