package dev.baton.app.server;

import dev.baton.app.report.RunSystem;
import dev.baton.app.wiring.Secrets;
import dev.baton.engine.Redactor;
import dev.baton.engine.RunRecord;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The redactor of each run, from the secrets of the topology it journaled, made once per run: what
 * the console sends about a run passes through it.
 */
final class Redactors {

  private final Map<String, Redactor> byRun = new ConcurrentHashMap<>();

  Redactor of(RunRecord run) {
    return byRun.computeIfAbsent(
        run.runId(),
        id ->
            RunSystem.topology(run)
                .map(Secrets::redactorFor)
                .orElseGet(() -> Redactor.of(java.util.List.of())));
  }
}
