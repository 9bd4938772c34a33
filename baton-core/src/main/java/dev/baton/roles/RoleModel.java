package dev.baton.roles;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The roles a product's components can take, declared as data: which roles count as active, which
 * as passive, and how many actives a role group may have at once ({@code maxActive}).
 */
public record RoleModel(
    String name, Set<String> activeRoles, Set<String> passiveRoles, int maxActive) {

  public static final RoleModel ACTIVE_STANDBY =
      new RoleModel("active-standby", Set.of("active"), Set.of("standby"), 1);
  public static final RoleModel PRIMARY_REPLICA =
      new RoleModel("primary-replica", Set.of("primary"), Set.of("replica"), 1);
  public static final RoleModel MASTER_SLAVE =
      new RoleModel("master-slave", Set.of("master"), Set.of("slave"), 1);

  private static final Map<String, RoleModel> BUILT_IN =
      Map.of(
          ACTIVE_STANDBY.name, ACTIVE_STANDBY,
          PRIMARY_REPLICA.name, PRIMARY_REPLICA,
          MASTER_SLAVE.name, MASTER_SLAVE);

  public RoleModel {
    activeRoles = Set.copyOf(activeRoles);
    passiveRoles = Set.copyOf(passiveRoles);
    if (maxActive < 1) {
      throw new IllegalArgumentException("maxActive must be at least 1");
    }
  }

  public static Optional<RoleModel> named(String name) {
    return Optional.ofNullable(BUILT_IN.get(name == null ? "" : name.toLowerCase(Locale.ROOT)));
  }

  public static List<String> names() {
    return BUILT_IN.keySet().stream().sorted().toList();
  }

  public boolean isActive(String role) {
    return role != null && activeRoles.contains(role);
  }

  public boolean isPassive(String role) {
    return role != null && passiveRoles.contains(role);
  }

  /** The role an active component holds, e.g. {@code active} or {@code primary}. */
  public String activeRole() {
    return activeRoles.iterator().next();
  }

  /** The role a passive component holds, e.g. {@code standby} or {@code replica}. */
  public String passiveRole() {
    return passiveRoles.contains("standby") ? "standby" : passiveRoles.iterator().next();
  }
}
