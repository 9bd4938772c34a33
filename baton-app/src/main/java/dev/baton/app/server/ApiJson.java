package dev.baton.app.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.baton.app.output.Json;
import dev.baton.engine.Redactor;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes response bodies as JSON, the CLI's {@code --output json} way (times as ISO text, enums as
 * lower-case words), with every string value and key passed through the topology's redactor.
 */
final class ApiJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ApiJson() {}

  static void send(Context ctx, int status, Object body, Redactor r) {
    ctx.status(status).contentType("application/json").result(text(body, r));
  }

  static void send(Context ctx, Object body, Redactor r) {
    send(ctx, 200, body, r);
  }

  static String text(Object body, Redactor r) {
    try {
      return MAPPER.writeValueAsString(tree(body, r));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a response body is JSON", e);
    }
  }

  /** {@code body} as a JSON tree with every string redacted; trees already made pass through. */
  static JsonNode tree(Object body, Redactor r) {
    try {
      return redacted(MAPPER.readTree(Json.write(body)), r);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a response body is JSON", e);
    }
  }

  private static JsonNode redacted(JsonNode n, Redactor r) {
    if (n.isTextual()) {
      return TextNode.valueOf(r.redact(n.asText()));
    }
    if (n.isArray()) {
      ArrayNode a = MAPPER.createArrayNode();
      n.forEach(x -> a.add(redacted(x, r)));
      return a;
    }
    if (n.isObject()) {
      ObjectNode o = MAPPER.createObjectNode();
      List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
      n.fields().forEachRemaining(fields::add);
      fields.forEach(f -> o.set(r.redact(f.getKey()), redacted(f.getValue(), r)));
      return o;
    }
    return n;
  }

  /** The request body as a JSON object; an empty body is an empty object. */
  static JsonNode body(Context ctx) {
    String text = ctx.body();
    if (text.isBlank()) {
      return MAPPER.createObjectNode();
    }
    try {
      JsonNode n = MAPPER.readTree(text);
      if (!n.isObject()) {
        throw ApiError.badRequest("the request body must be a JSON object");
      }
      return n;
    } catch (JsonProcessingException e) {
      throw ApiError.badRequest("the request body is not JSON: " + e.getOriginalMessage());
    }
  }
}
