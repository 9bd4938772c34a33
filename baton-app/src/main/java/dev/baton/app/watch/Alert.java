package dev.baton.app.watch;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an alert says: the event ({@code down} or {@code failover}), the declaration, a sentence.
 */
public record Alert(String event, Declaration declaration, String message) {

  /** The alert as JSON fields, for the webhook and the command's BATON_ALERT_JSON. */
  public Map<String, Object> fields() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("event", event);
    m.put("system", declaration.target().system());
    m.put("active", declaration.target().active());
    m.put("standby", declaration.target().standby());
    m.put("firstFailedAt", String.valueOf(declaration.firstFailedAt()));
    m.put("declaredAt", String.valueOf(declaration.declaredAt()));
    m.put("detectionMs", declaration.detectionMs());
    m.put("why", declaration.why());
    m.put("message", message);
    return m;
  }

  /** The environment an alert command sees. */
  public Map<String, String> env(String json) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("BATON_EVENT", event);
    m.put("BATON_SYSTEM", declaration.target().system());
    m.put("BATON_ACTIVE", declaration.target().active());
    m.put("BATON_STANDBY", declaration.target().standby());
    m.put("BATON_DETECTION_MS", Long.toString(declaration.detectionMs()));
    m.put("BATON_MESSAGE", message);
    m.put("BATON_ALERT_JSON", json);
    return m;
  }
}
