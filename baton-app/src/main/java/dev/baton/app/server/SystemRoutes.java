package dev.baton.app.server;

import dev.baton.app.AlreadyDone;
import dev.baton.app.UsageException;
import dev.baton.app.cli.BookmarkLog;
import dev.baton.app.cli.StrategyOptions;
import dev.baton.app.output.PlanJson;
import dev.baton.app.report.TopologyPicture;
import dev.baton.app.wiring.Session;
import dev.baton.engine.Preflight;
import dev.baton.facts.Fact;
import dev.baton.model.Version;
import dev.baton.plan.Goal;
import dev.baton.plan.Plan;
import dev.baton.strategy.Strategy;
import dev.baton.topology.BadInputException;
import dev.baton.topology.LoadedTopology;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The systems the console knows: their topology drawn, their facts, a plan, their bookmarks. */
final class SystemRoutes {

  private final Console c;

  SystemRoutes(Console c) {
    this.c = c;
  }

  void register(RoutesConfig r) {
    r.get("/api/systems", this::list);
    r.get("/api/systems/{system}", this::one);
    r.get("/api/systems/{system}/facts", this::facts);
    r.get("/api/systems/{system}/picture.svg", this::picture);
    r.get("/api/systems/{system}/plan", this::plan);
    r.get("/api/systems/{system}/bookmarks", this::bookmarks);
    r.get("/api/whoami", this::whoami);
  }

  private void list(Context ctx) {
    List<Object> out = new ArrayList<>();
    for (LoadedTopology lt : c.systems().all()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("system", lt.topology().system());
      m.put("driver", lt.topology().driver());
      m.put("pack", lt.topology().pack());
      m.put("source", lt.source());
      out.add(ApiJson.tree(m, c.systems().redactor(lt.topology().system())));
    }
    ApiJson.send(ctx, out, dev.baton.engine.Redactor.none());
  }

  private void one(Context ctx) {
    LoadedTopology lt = c.systems().require(ctx.pathParam("system"));
    ApiJson.send(
        ctx,
        c.observations().view(lt.topology(), lt.text()),
        c.systems().redactor(lt.topology().system()));
  }

  private void facts(Context ctx) {
    LoadedTopology lt = c.systems().require(ctx.pathParam("system"));
    Observations.Observed seen = c.observations().of(lt.topology(), lt.text());
    List<Object> facts = new ArrayList<>();
    for (Fact f : seen.facts().all()) {
      facts.add(GateView.factJson(f));
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("system", lt.topology().system());
    m.put("observedAt", seen.at());
    m.put("problem", seen.problem());
    m.put("facts", facts);
    ApiJson.send(ctx, m, c.systems().redactor(lt.topology().system()));
  }

  private void picture(Context ctx) {
    LoadedTopology lt = c.systems().require(ctx.pathParam("system"));
    svg(
        ctx,
        TopologyPicture.standalone(
            c.observations()
                .view(lt.topology(), lt.text())
                .redacted(c.systems().redactor(lt.topology().system()))));
  }

  /** The plan of a strategy and goal on facts observed now, and what would refuse it now. */
  private void plan(Context ctx) throws UsageException, BadInputException, AlreadyDone {
    LoadedTopology lt = c.systems().require(ctx.pathParam("system"));
    String strategy = ctx.queryParam("strategy");
    if (strategy == null || strategy.isBlank()) {
      throw ApiError.badRequest("plan needs ?strategy=NAME");
    }
    Version to = null;
    String toText = ctx.queryParam("to");
    if (toText != null && !toText.isBlank()) {
      try {
        to = Version.parse(toText);
      } catch (IllegalArgumentException e) {
        throw ApiError.badRequest("to: " + e.getMessage());
      }
    }
    Map<String, String> options = new LinkedHashMap<>();
    for (String pair : ctx.queryParams("set")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw ApiError.badRequest("set=" + pair + " is not NAME=VALUE");
      }
      options.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    Observations.Observed seen = c.observations().of(lt.topology(), lt.text());
    Strategy s = Session.strategy(strategy);
    Plan plan =
        Session.plan(s, lt, seen.facts(), new Goal(to, StrategyOptions.checked(s, options)));
    Preflight.Verdict before = Preflight.check(lt.topology(), plan, seen.facts(), Map.of());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("preflight", before.sentence());
    m.put("refusedNow", before instanceof Preflight.Verdict.Refused);
    m.put("observedAt", seen.at());
    m.putAll(PlanJson.of(plan, lt.topology(), seen.facts()));
    ApiJson.send(ctx, m, c.systems().redactor(lt.topology().system()));
  }

  private void bookmarks(Context ctx) {
    String system = ctx.pathParam("system");
    ApiJson.send(ctx, BookmarkLog.of(c.session().journal(), system), c.systems().redactor(system));
  }

  private void whoami(Context ctx) {
    Person p = ctx.attribute(AccessCheck.PERSON);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", p == null ? null : p.name());
    m.put("access", p == null ? null : p.access());
    m.put("reads", c.config().reads());
    ApiJson.send(ctx, m, dev.baton.engine.Redactor.none());
  }

  static void svg(Context ctx, String svg) {
    ctx.contentType("image/svg+xml; charset=utf-8").header("Cache-Control", "no-store").result(svg);
  }
}
