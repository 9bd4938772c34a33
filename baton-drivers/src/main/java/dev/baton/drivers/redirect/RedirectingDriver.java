package dev.baton.drivers.redirect;

import dev.baton.engine.ActionResult;
import dev.baton.engine.Driver;
import dev.baton.engine.DriverException;
import dev.baton.engine.Scope;
import dev.baton.facts.Fact;
import dev.baton.facts.Facts;
import dev.baton.model.EntryPoint;
import dev.baton.model.Topology;
import dev.baton.plan.Action;
import dev.baton.plan.Verb;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Adds entry-point redirection to any driver: where each entry point points is observed through its
 * redirector, and the entry-point verbs (prepare, redirect, settle) are carried out by it. Entry
 * points without a redirector (redirection none) stay with the inner driver.
 */
public final class RedirectingDriver implements Driver {

  private static final Set<Verb> VERBS =
      Collections.unmodifiableSet(
          EnumSet.of(
              Verb.ENTRY_PREPARE, Verb.REDIRECT, Verb.ENTRY_SETTLE, Verb.HOLD, Verb.RELEASE));

  private final Driver inner;
  private final Map<String, Redirector> redirectors;

  /** {@code redirectors} by entry point name; entry points without one stay with {@code inner}. */
  public RedirectingDriver(Driver inner, Map<String, Redirector> redirectors) {
    this.inner = inner;
    this.redirectors = Map.copyOf(redirectors);
  }

  @Override
  public String name() {
    return inner.name();
  }

  /** The inner driver's verbs, and the entry-point verbs when any entry point has a redirector. */
  @Override
  public Set<Verb> verbs() {
    if (redirectors.isEmpty()) {
      return inner.verbs();
    }
    Set<Verb> all = EnumSet.copyOf(VERBS);
    all.addAll(inner.verbs());
    return Collections.unmodifiableSet(all);
  }

  @Override
  public Optional<String> unsupported(Topology t, Action a) {
    Redirector r = redirectors.get(a.target());
    if (VERBS.contains(a.verb()) && r != null) {
      if (a.verb() == Verb.HOLD && !r.holdsClients()) {
        return Optional.of("entry point " + a.target() + " cannot hold its clients");
      }
      return Optional.empty();
    }
    return inner.unsupported(t, a);
  }

  @Override
  public List<dev.baton.engine.CheckLine> check(Topology t) throws DriverException {
    return inner.check(t);
  }

  @Override
  public Facts observe(Topology t, Collection<String> keys) throws DriverException {
    return withEntryPoints(inner.observe(t, keys), t.entryPoints());
  }

  /** The inner driver's facts of {@code scope}, and those of the entry points in it. */
  @Override
  public Facts observe(Topology t, Scope scope, Collection<String> keys) throws DriverException {
    return withEntryPoints(inner.observe(t, scope, keys), scope.entryPoints(t));
  }

  private Facts withEntryPoints(Facts facts, List<EntryPoint> entryPoints) throws DriverException {
    List<Fact> more = new ArrayList<>();
    for (EntryPoint ep : entryPoints) {
      Redirector r = redirectors.get(ep.name());
      if (r != null) {
        more.addAll(r.observe(ep));
      }
    }
    return facts.with(more);
  }

  @Override
  public ActionResult act(Topology t, Action a, String key) throws DriverException {
    Optional<EntryPoint> ep =
        t.entryPoints().stream().filter(e -> e.name().equals(a.target())).findFirst();
    Redirector r = ep.map(e -> redirectors.get(e.name())).orElse(null);
    if (!VERBS.contains(a.verb()) || r == null) {
      return inner.act(t, a, key);
    }
    EntryPoint e = ep.get();
    String to = a.params().get("to");
    return switch (a.verb()) {
      case ENTRY_PREPARE -> r.prepare(e, a.params().get("from"), to);
      case REDIRECT -> verified(r, e, to, r.redirect(e, to));
      case HOLD ->
          r.hold(
              e,
              a.params().get("from"),
              to,
              Duration.ofMillis(Long.parseLong(a.params().getOrDefault("waitMs", "1000"))));
      case RELEASE -> verified(r, e, to, r.release(e, to));
      default -> r.settle(e, to);
    };
  }

  /** A switch counts only once the redirector's independent path answers with the new target. */
  private static ActionResult verified(Redirector r, EntryPoint e, String to, ActionResult done)
      throws DriverException {
    if (!r.verify(e, to)) {
      throw new DriverException(
          "entry point " + e.name() + " was switched to " + to + " but does not answer with it",
          done.evidence());
    }
    return done;
  }

  @Override
  public boolean safeToRepeat(Action a) {
    return VERBS.contains(a.verb()) || inner.safeToRepeat(a);
  }

  @Override
  public void close() {
    redirectors.values().forEach(Redirector::close);
    inner.close();
  }
}
