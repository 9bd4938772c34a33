package dev.baton.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.drivers.sim.SimDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A key inside {@code properties} that nothing reads is bad input: {@code validate} (and {@code
 * plan}, {@code apply}) exit 2 at the key's file:line:column, suggest the key meant and list the
 * known ones, for every driver and every kind of redirection; what is valid today stays valid.
 */
class UnknownPropertyCliTest {

  @TempDir Path dir;

  private Cli.Result run(String... args) {
    String[] all =
        Stream.concat(Stream.of(args), Stream.of("--home", dir.resolve("home").toString()))
            .toArray(String[]::new);
    return Cli.inProcess(all);
  }

  /**
   * A two-member pair on {@code driver}; pg-b holds {@code bProperties}, the entry point {@code
   * ep}.
   */
  private static String pair(String driver, String pack, String bProperties, String ep) {
    return """
        system: typo-pair
        driver: %s
        %sroleModel: primary-replica
        sides:
          - name: A
          - name: B
        nodes:
          - name: node-a
            side: A
            transport: local
          - name: node-b
            side: B
            transport: local
        components:
          - name: pg-a
            node: node-a
            kind: %s
            version: "15.8"
            roleGroup: pg
            role: primary
          - name: pg-b
            node: node-b
            kind: %s
            version: "15.8"
            roleGroup: pg
            role: replica
            properties:
        %s
        replication:
          - name: pg-stream
            from: pg-a
            to: pg-b
            kind: streaming
        entryPoints:
          - name: app-db
            pointsAt: pg-a
        %s
        %s"""
        .formatted(
            driver,
            pack == null ? "" : "pack: " + pack + "\n",
            pack == null ? "postgresql" : "csm-server",
            pack == null ? "postgresql" : "csm-server",
            bProperties.indent(6).stripTrailing(),
            ep.indent(4).stripTrailing(),
            pack == null
                ? ""
                : "secrets:\n  - name: csm-admin-password\n    ref: env:CSM_ADMIN_PASSWORD\n");
  }

  private static String pg(String bProperties) {
    return pair("postgresql", null, bProperties, "redirection: none");
  }

  private static String simWith(String ep) {
    return pair("sim", null, "exclusiveService: db", ep);
  }

  private Path write(String name, String text) throws Exception {
    return Files.writeString(dir.resolve(name), text);
  }

  /** The line:column where {@code key:} is written in {@code text}, as the error must cite it. */
  private static String at(String text, String key) {
    List<String> lines = text.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().startsWith(key + ":")) {
        return (i + 1) + ":" + (lines.get(i).indexOf(key) + 1);
      }
    }
    throw new AssertionError(key + " is not in the text");
  }

  private void refusedAt(String text, String key, String expectedTail) throws Exception {
    Path file = write("typo.yaml", text);
    Cli.Result r = run("validate", file.toString());
    assertEquals(2, r.code(), r.toString());
    assertEquals("", r.out(), "nothing is said to be valid");
    String expected = file + ":" + at(text, key) + ": " + expectedTail;
    assertTrue(r.err().contains(expected), "expected\n" + expected + "\nin\n" + r.err());
  }

  @Test
  void aMistypedPostgresqlPropertyIsRefusedAtItsKeyWithTheKeyMeant() throws Exception {
    String text = pg("port: \"5433\"\ndataDri: /srv/pg/b\nosUser: postgres");

    refusedAt(
        text,
        "dataDri",
        "component pg-b: unknown property 'dataDri' for the postgresql driver;"
            + " did you mean 'dataDir'? Known: host, port, dataDir, socketDir, logFile, backupDir,"
            + " osUser, dbUser, database, toolsDir, bin.<version>, applicationName,"
            + " passwordSecret, ");
  }

  @Test
  void aFenceThatCouldNeverWorkIsRefusedAtValidateOnItsLine() throws Exception {
    String text = pg("port: \"5433\"\ndataDir: /srv/pg/b\nfence: database, agent");
    Path file = write("fence.yaml", text);

    Cli.Result r = run("validate", file.toString());

    assertEquals(2, r.code(), r.toString());
    String line = at(text, "fence").split(":")[0];
    String expected =
        file
            + ":"
            + line
            + ":"
            + (text.lines().toList().get(Integer.parseInt(line) - 1).indexOf("database") + 1)
            + ": component pg-b: fence names agent but fenceAgent is not set; fix: set"
            + " fenceAgent";
    assertTrue(r.err().contains(expected), "expected\n" + expected + "\nin\n" + r.err());

    String unknown = pg("port: \"5433\"\ndataDir: /srv/pg/b\nfence: stonith");
    Cli.Result u = run("validate", write("stonith.yaml", unknown).toString());
    assertEquals(2, u.code(), u.toString());
    assertTrue(
        u.err().contains("fence method 'stonith' is unknown; known: database, agent"), u.err());
  }

  @Test
  void aMistypedFamilyKeyIsRefusedWithTheFamilyMemberMeant() throws Exception {
    String text = pg("port: \"5433\"\ndataDir: /srv/pg/b\nbim.15.8: /usr/lib/postgresql/15/bin");

    refusedAt(
        text,
        "bim.15.8",
        "component pg-b: unknown property 'bim.15.8' for the postgresql driver;"
            + " did you mean 'bin.15.8'? Known: ");
  }

  @Test
  void everyUnknownKeyOfTheFileIsListedAtOnceInFileOrder() throws Exception {
    String text = pg("prot: \"5433\"\ndataDir: /srv/pg/b\nlogFiel: /srv/pg/b.log");
    Path file = write("two.yaml", text);

    Cli.Result r = run("validate", file.toString());

    assertEquals(2, r.code(), r.toString());
    List<String> lines = r.err().lines().toList();
    assertEquals(2, lines.size(), r.err());
    assertTrue(lines.get(0).startsWith(file + ":" + at(text, "prot") + ": "), lines.get(0));
    assertTrue(lines.get(0).contains("did you mean 'port'?"), lines.get(0));
    assertTrue(lines.get(1).startsWith(file + ":" + at(text, "logFiel") + ": "), lines.get(1));
    assertTrue(lines.get(1).contains("did you mean 'logFile'?"), lines.get(1));
  }

  @Test
  void aKeyFarFromAnyKnownOneIsRefusedWithoutAGuess() throws Exception {
    String text = pg("port: \"5433\"\ndataDir: /srv/pg/b\ncolour: blue");

    refusedAt(
        text,
        "colour",
        "component pg-b: unknown property 'colour' for the postgresql driver; known: host, ");
  }

  @Test
  void aMistypedSimulatorPropertyIsRefused() throws Exception {
    String text = pair("sim", null, "passphraseSecert: installer", "redirection: none");

    refusedAt(
        text,
        "passphraseSecert",
        "component pg-b: unknown property 'passphraseSecert' for the sim driver;"
            + " did you mean 'passphraseSecret'? Known: passphraseSecret, exclusiveService,"
            + " backupPasswordSecret, role, host, port");
  }

  @Test
  void aMistypedPackVarIsRefusedWithThePacksVarsListed() throws Exception {
    String text =
        pair("pack", "copy-services-manager", "mediaDri: 'E:\\Media'", "redirection: none");

    refusedAt(
        text,
        "mediaDri",
        "component pg-b: unknown property 'mediaDri' for the pack driver with pack"
            + " copy-services-manager; did you mean 'mediaDir'? Known: role, ");
  }

  @Test
  void aMistypedDnsPropertyIsRefused() throws Exception {
    String text = simWith("redirection: dns\nproperties:\n  zone: baton.test.\n  recrod: db");

    refusedAt(
        text,
        "recrod",
        "entry point app-db: unknown property 'recrod' for dns redirection;"
            + " did you mean 'record'? Known: server, zone, record, tsigKeyName, tsigAlgorithm,"
            + " tsigSecret, ttl, switchTtl, address.<component>, pauseBudgetMs");
  }

  @Test
  void aMistypedLoadBalancerPropertyIsRefused() throws Exception {
    String text = simWith("redirection: load-balancer\nproperties:\n  backnd: pg");

    refusedAt(
        text,
        "backnd",
        "entry point app-db: unknown property 'backnd' for load-balancer redirection;"
            + " did you mean 'backend'? Known: socket, backend, server.<component>,"
            + " pauseBudgetMs");
  }

  @Test
  void aMistypedPoolerPropertyIsRefused() throws Exception {
    String text = simWith("redirection: pooler\nproperties:\n  adminUsr: baton");

    refusedAt(
        text,
        "adminUsr",
        "entry point app-db: unknown property 'adminUsr' for pooler redirection;"
            + " did you mean 'adminUser'? Known: node, host, port, adminUser, adminPassword,"
            + " database, config, server.<component>, clientUrl, pauseBudgetMs");
  }

  @Test
  void aMistypedHostsFilePropertyIsRefused() throws Exception {
    String text = simWith("redirection: hosts-file\nproperties:\n  hostname: db.example");

    refusedAt(
        text,
        "hostname",
        "entry point app-db: unknown property 'hostname' for hosts-file redirection;"
            + " did you mean 'hostnames'? Known: node, file, hostnames, address.<component>,"
            + " pauseBudgetMs");
  }

  @Test
  void aMistypedConnectionStringPropertyIsRefused() throws Exception {
    String text = simWith("redirection: connection-string\nproperties:\n  valuName: Server");

    refusedAt(
        text,
        "valuName",
        "entry point app-db: unknown property 'valuName' for connection-string redirection;"
            + " did you mean 'valueName'? Known: node, store, file, format, key, element,"
            + " attribute, registryPath, valueName, server.<component>, pauseBudgetMs");
  }

  @Test
  void anEntryPointThatIsNotRedirectedKnowsOnlyThePauseBudget() throws Exception {
    String text = simWith("redirection: none\nproperties:\n  zone: baton.test.");

    refusedAt(
        text,
        "zone",
        "entry point app-db: unknown property 'zone' for none redirection; known: pauseBudgetMs");
  }

  @Test
  void applyAndPlanRefuseAMistypedKeyBeforeAnythingIsObservedOrChanged() throws Exception {
    Path file = write("typo.yaml", pair("sim", null, "exclusivService: db", "redirection: none"));
    Path home = dir.resolve("home");

    Cli.Result plan = run("plan", file.toString(), "-s", "takeover", "--to", "16.0");
    Cli.Result apply = run("apply", file.toString(), "-s", "takeover", "--to", "16.0", "--yes");

    for (Cli.Result r : List.of(plan, apply)) {
      assertEquals(2, r.code(), r.toString());
      assertTrue(r.err().contains("did you mean 'exclusiveService'?"), r.toString());
    }
    assertFalse(Files.exists(SimDriver.stateFileFor(home, "typo-pair")), "no simulated state");
    try (Stream<Path> left = Files.exists(home) ? Files.list(home) : Stream.empty()) {
      assertEquals(List.of(), left.toList(), "nothing was written in Baton's home");
    }
  }

  @Test
  void everyExampleAndTestTopologyStillValidates() throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.list(Path.of("..", "examples"))) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertTrue(files.size() >= 9, "the examples are there: " + files);
    for (Path f :
        Stream.concat(
                files.stream(), Stream.of(Path.of("src/test/resources/console/markup-pair.yaml")))
            .toList()) {
      Cli.Result r = run("validate", f.toString());
      assertEquals(0, r.code(), f + ": " + r);
    }
  }
}
