package dev.baton.topology;

import dev.baton.model.Component;
import dev.baton.model.EntryPoint;
import java.util.List;
import java.util.function.Function;

/**
 * Refuses a key inside {@code properties} that nothing reads, at the key's own file:line:column: a
 * typo ({@code dataDri}) would otherwise pass {@code validate} and leave a default in its place,
 * found only mid-run. Which keys are known is given by the caller, since the drivers that read them
 * are not part of core; every unknown key of the file is reported at once.
 */
public final class UnknownProperties {

  private UnknownProperties() {}

  /**
   * Checks every component against what {@code components} says it may hold, and every entry point
   * against {@code entryPoints}.
   */
  public static void check(
      LoadedTopology lt,
      Function<Component, KnownProperties> components,
      Function<EntryPoint, KnownProperties> entryPoints)
      throws BadInputException {
    ErrorList errors = TopologyLoader.errorsIn(lt);
    List<Component> cs = lt.topology().components();
    for (int i = 0; i < cs.size(); i++) {
      Component c = cs.get(i);
      KnownProperties known = components.apply(c);
      for (String key : c.properties().keySet()) {
        report(errors, "/components/" + i, "component " + c.name(), key, known);
      }
    }
    List<EntryPoint> es = lt.topology().entryPoints();
    for (int i = 0; i < es.size(); i++) {
      EntryPoint e = es.get(i);
      KnownProperties known = entryPoints.apply(e);
      for (String key : e.properties().keySet()) {
        report(errors, "/entryPoints/" + i, "entry point " + e.name(), key, known);
      }
    }
    errors.throwIfAny();
  }

  private static void report(
      ErrorList errors, String at, String subject, String key, KnownProperties known) {
    if (known.knows(key)) {
      return;
    }
    String then =
        known.suggestion(key).map(s -> "; did you mean '" + s + "'? Known: ").orElse("; known: ");
    errors.atKey(
        Pointers.child(Pointers.child(at, "properties"), key),
        "%s: unknown property '%s' for %s%s%s"
            .formatted(subject, key, known.owner(), then, known.names()));
  }
}
