package dev.baton.strategy;

import dev.baton.strategy.splitside.SplitSideStrategy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The built-in strategies by name. Adding one is one class plus a line here. */
public final class Strategies {

  private static final Map<String, Strategy> BUILT_IN = new LinkedHashMap<>();

  static {
    register(new TakeoverStrategy());
    register(new FullStopStrategy());
    register(new SwitchoverStrategy());
    register(new PrimaryFirstStrategy());
    register(new SplitSideStrategy());
    register(new UnclusterStrategy());
    register(new SwitchbackStrategy());
    register(new BookmarkStrategy());
    register(new RewindStrategy());
    register(new RecoverActiveStrategy());
    register(new FailoverStrategy());
    register(new MajorUpgradeStrategy());
    register(new MajorRollbackStrategy());
    register(new MajorRetireStrategy());
  }

  private Strategies() {}

  private static void register(Strategy s) {
    BUILT_IN.put(s.name(), s);
  }

  public static Optional<Strategy> named(String name) {
    return Optional.ofNullable(BUILT_IN.get(name));
  }

  public static List<Strategy> all() {
    return List.copyOf(BUILT_IN.values());
  }

  public static List<String> names() {
    return List.copyOf(BUILT_IN.keySet());
  }
}
