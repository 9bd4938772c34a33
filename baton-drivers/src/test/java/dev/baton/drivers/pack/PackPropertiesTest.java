package dev.baton.drivers.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.model.Redirection;
import dev.baton.pack.Pack;
import dev.baton.pack.PackLoader;
import dev.baton.topology.PropertyKey;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A pack's known properties come from the pack file: its vars, and what its redirect uses. */
class PackPropertiesTest {

  private static Pack pack(String name) throws Exception {
    return PackLoader.load(Path.of("..", "packs", name + ".yaml"));
  }

  private static List<String> patterns(List<PropertyKey> keys) {
    return keys.stream().map(PropertyKey::pattern).toList();
  }

  @Test
  void aComponentMayHoldItsRoleAndOverrideAnyVarThePackDeclaresOrUses() throws Exception {
    List<String> keys = patterns(PackProperties.component(pack("copy-services-manager")));

    assertEquals("role", keys.get(0));
    assertTrue(keys.containsAll(List.of("csmcli", "mediaDir", "installer", "stateDir")), "" + keys);
  }

  @Test
  void anEntryPointHasThePacksKeysOnlyForARedirectionThePackCarriesOut() throws Exception {
    Pack backup = pack("connected-backup");

    List<String> keys = patterns(PackProperties.entryPoint(backup, Redirection.CONNECTION_STRING));

    assertTrue(keys.containsAll(List.of("node", "server.<component>", "database")), "" + keys);
    assertEquals(List.of(), PackProperties.entryPoint(backup, Redirection.DNS));
  }
}
