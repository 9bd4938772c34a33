package dev.baton.plan;

import dev.baton.model.Version;
import java.util.Map;

/** What the operator asked for: a target version (when upgrading) and strategy options. */
public record Goal(Version targetVersion, Map<String, String> options) {

  public Goal {
    options = Map.copyOf(options);
  }

  public static Goal upgradeTo(String version) {
    return new Goal(Version.parse(version), Map.of());
  }

  public boolean option(String name) {
    return Boolean.parseBoolean(options.getOrDefault(name, "false"));
  }
}
