package dev.baton.app.server;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The dashboard's files and the OpenAPI document, served from the jar: plain HTML, JavaScript and
 * CSS, with no build step and nothing fetched from elsewhere.
 */
final class DashboardFiles {

  private static final String ROOT = "/dev/baton/app/server/console/";

  private static final Map<String, String> FILES =
      Map.of(
          "/", "index.html",
          "/app.js", "app.js",
          "/style.css", "style.css",
          "/openapi.json", "openapi.json");

  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "json", "application/json");

  void register(RoutesConfig r) {
    FILES.forEach((path, file) -> r.get(path, ctx -> serve(ctx, file)));
  }

  private static void serve(Context ctx, String file) {
    try (InputStream in = DashboardFiles.class.getResourceAsStream(ROOT + file)) {
      if (in == null) {
        throw ApiError.notFound("the jar has no " + file);
      }
      ctx.contentType(TYPES.get(file.substring(file.lastIndexOf('.') + 1)))
          .header("Cache-Control", "no-cache")
          .result(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
