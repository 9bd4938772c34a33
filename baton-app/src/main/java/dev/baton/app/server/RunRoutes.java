package dev.baton.app.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.app.UsageException;
import dev.baton.app.report.HtmlReport;
import dev.baton.app.report.RunReport;
import dev.baton.app.report.RunSystem;
import dev.baton.app.report.TopologyPicture;
import dev.baton.app.wiring.Session;
import dev.baton.engine.Redactor;
import dev.baton.engine.RunRecord;
import dev.baton.engine.RunStatus;
import dev.baton.model.Topology;
import dev.baton.model.Version;
import dev.baton.plan.Goal;
import dev.baton.plan.Outline;
import dev.baton.topology.BadInputException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The runs: list, one run, its gate, its system, its report; start, approve, resume, abort. */
final class RunRoutes {

  private final Console c;

  RunRoutes(Console c) {
    this.c = c;
  }

  void register(RoutesConfig r) {
    r.get("/api/runs", this::list);
    r.post("/api/runs", this::start);
    r.get("/api/runs/{run}", this::one);
    r.get("/api/runs/{run}/gate", this::gate);
    r.get("/api/runs/{run}/system", this::system);
    r.get("/api/runs/{run}/picture.svg", this::picture);
    r.get("/api/runs/{run}/report.html", this::report);
    r.post("/api/runs/{run}/approve", this::approve);
    r.post("/api/runs/{run}/resume", this::resume);
    r.post("/api/runs/{run}/abort", this::abort);
  }

  private void list(Context ctx) {
    String status = ctx.queryParam("status");
    RunViews.Filter f =
        new RunViews.Filter(
            status == null || status.isBlank()
                ? null
                : ConsoleConfig.enumOf(RunStatus.class, status, "status"),
            blankToNull(ctx.queryParam("system")),
            "true".equals(ctx.queryParam("waiting")));
    ApiJson.send(ctx, c.views().list(f, c.redactors()), Redactor.none());
  }

  private void one(Context ctx) throws UsageException, BadInputException {
    RunRecord run = c.run(ctx.pathParam("run"));
    Map<String, Object> m = c.views().one(run, c.outline(run));
    m.put("runningHere", c.launcher().isRunningHere(run.runId()));
    ApiJson.send(ctx, m, c.redactors().of(run));
  }

  private void gate(Context ctx) throws UsageException, BadInputException {
    RunRecord run = c.run(ctx.pathParam("run"));
    List<dev.baton.engine.JournalEvent> events = c.session().journal().events(run.runId());
    RunScan scan = RunScan.of(run.status(), events);
    String step = blankToNull(ctx.queryParam("step"));
    if (step == null) {
      step = scan.waitingStep();
    }
    if (step == null) {
      throw ApiError.notFound("run " + run.runId() + " is not waiting at a gate");
    }
    var rebuilt = Session.replan(run);
    Topology t = rebuilt.topology().topology();
    Map<String, Object> m =
        GateView.of(
            rebuilt,
            step,
            c.observations().of(t, run.topologyText()),
            RunReport.of(run, Outline.of(rebuilt.plan()), events),
            List.copyOf(scan.approversOf(step)));
    ApiJson.send(ctx, m, c.redactors().of(run));
  }

  private void system(Context ctx) {
    RunRecord run = c.run(ctx.pathParam("run"));
    Topology t = topologyOf(run);
    ApiJson.send(ctx, c.observations().view(t, run.topologyText()), c.redactors().of(run));
  }

  private void picture(Context ctx) {
    RunRecord run = c.run(ctx.pathParam("run"));
    Topology t = topologyOf(run);
    SystemRoutes.svg(
        ctx,
        TopologyPicture.standalone(
            c.observations().view(t, run.topologyText()).redacted(c.redactors().of(run))));
  }

  private void report(Context ctx) throws UsageException, BadInputException {
    RunRecord run = c.run(ctx.pathParam("run"));
    Outline outline = c.outline(run);
    String html =
        HtmlReport.of(
            RunReport.of(run, outline, c.session().journal().events(run.runId())),
            outline,
            c.session().home());
    ctx.contentType("text/html; charset=utf-8")
        .header("Content-Disposition", "attachment; filename=\"" + run.runId() + ".html\"")
        .result(html);
  }

  private void start(Context ctx) throws UsageException, BadInputException {
    JsonNode body = ApiJson.body(ctx);
    String system = required(body, "system");
    String strategy = required(body, "strategy");
    Version to = null;
    if (body.hasNonNull("to")) {
      try {
        to = Version.parse(body.get("to").asText());
      } catch (IllegalArgumentException e) {
        throw ApiError.badRequest("to: " + e.getMessage());
      }
    }
    var lt = c.systems().require(system);
    String run =
        c.launcher()
            .start(
                lt,
                strategy,
                new Goal(to, strings(body.path("options"))),
                strings(body.path("overrides")),
                AccessCheck.personOf(ctx));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("run", run);
    m.put("links", Map.of("self", "/api/runs/" + run, "events", "/api/runs/" + run + "/events"));
    ApiJson.send(ctx, 201, m, c.systems().redactor(system));
  }

  private void approve(Context ctx) throws UsageException, BadInputException {
    RunRecord run = c.run(ctx.pathParam("run"));
    JsonNode body = ApiJson.body(ctx);
    Person who = AccessCheck.personOf(ctx);
    Approvals.Approved a =
        Approvals.approve(
            c.session().journal(),
            run,
            c.outline(run),
            body.hasNonNull("step") ? body.get("step").asText() : null,
            who,
            c.clock());
    c.feed().nudge();
    // A run that just halted at this gate may still be releasing its lease here.
    boolean resuming =
        a.passes()
            && run.status() == RunStatus.HALTED
            && c.launcher().awaitIdle(run.runId(), java.time.Duration.ofSeconds(30));
    if (resuming) {
      c.launcher().resume(run, Map.of(), who);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("run", run.runId());
    m.put("step", a.step());
    m.put("by", a.by());
    m.put("gate", a.gate());
    m.put("approvals", a.approvals());
    m.put("needs", a.needs());
    m.put(
        "sentence",
        a.passes()
            ? "approved by " + a.by() + (resuming ? "; the run continues" : "")
            : "approved by "
                + a.by()
                + "; "
                + (a.needs() - a.approvals())
                + " more approval by someone else is needed");
    m.put("resuming", resuming);
    ApiJson.send(ctx, resuming ? 202 : 200, m, c.redactors().of(run));
  }

  private void resume(Context ctx) throws UsageException, BadInputException {
    RunRecord run = c.run(ctx.pathParam("run"));
    c.launcher()
        .resume(run, strings(ApiJson.body(ctx).path("overrides")), AccessCheck.personOf(ctx));
    accepted(ctx, run, "resuming");
  }

  private void abort(Context ctx) throws UsageException, BadInputException {
    RunRecord run = c.run(ctx.pathParam("run"));
    c.launcher().awaitIdle(run.runId(), java.time.Duration.ofSeconds(30));
    c.launcher().abort(run, AccessCheck.personOf(ctx));
    accepted(ctx, run, "aborting");
  }

  private void accepted(Context ctx, RunRecord run, String what) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("run", run.runId());
    m.put(
        "sentence",
        what + " run " + run.runId() + "; follow it on /api/runs/" + run.runId() + "/events");
    ApiJson.send(ctx, 202, m, c.redactors().of(run));
  }

  private static Topology topologyOf(RunRecord run) {
    return RunSystem.topology(run)
        .orElseThrow(
            () -> ApiError.conflict("the topology of run " + run.runId() + " no longer loads"));
  }

  private static String required(JsonNode body, String field) {
    String v = body.path(field).asText("");
    if (v.isBlank()) {
      throw ApiError.badRequest("the request body needs \"" + field + "\"");
    }
    return v;
  }

  private static Map<String, String> strings(JsonNode obj) {
    Map<String, String> m = new LinkedHashMap<>();
    if (obj.isMissingNode() || obj.isNull()) {
      return m;
    }
    if (!obj.isObject()) {
      throw ApiError.badRequest("options and overrides are objects of strings");
    }
    obj.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
    return m;
  }

  static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
