package dev.baton.model;

import java.util.Map;

/**
 * Something running on a node (a database, a service, a cluster resource) with a version and, when
 * it takes part in failover, a role group. {@code initialRole} is the role the operator declared;
 * Baton never trusts it over an observed fact. A component declared without a {@code version} (a
 * side's PgBouncer) is never installed: plans stop and start it around its side's upgrade.
 */
public record Component(
    String name,
    String node,
    String kind,
    Version version,
    String roleGroup,
    String declaredRole,
    int order,
    Map<String, String> properties) {

  /**
   * The property naming the secret an installer's passphrase comes from: strategies check it by
   * fingerprint, and drivers fingerprint the installed one under the same name.
   */
  public static final String PASSPHRASE_SECRET = "passphraseSecret";

  public Component {
    properties = Map.copyOf(properties);
  }
}
