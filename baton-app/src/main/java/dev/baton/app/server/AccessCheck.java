package dev.baton.app.server;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Decides, before any route runs, whether a request may go on: the Host must be one the console
 * answers to (so a page elsewhere cannot reach a loopback console through DNS rebinding), every
 * change needs a token that may operate, and reads need a token when the console says so.
 */
final class AccessCheck {

  static final String PERSON = "baton.person";

  private final ConsoleConfig config;
  private final Tokens tokens;
  private final Set<String> hosts = new HashSet<>();

  AccessCheck(ConsoleConfig config, Tokens tokens) {
    this.config = config;
    this.tokens = tokens;
    hosts.addAll(List.of("127.0.0.1", "localhost", "[::1]", config.bind()));
    config.allowedHosts().forEach(h -> hosts.add(h.toLowerCase(Locale.ROOT)));
  }

  void check(Context ctx) {
    hostAllowed(ctx);
    String path = ctx.path();
    if (!path.startsWith("/api/") && !path.equals("/openapi.json")) {
      return; // the dashboard's own files hold no data
    }
    Optional<Person> who = person(ctx);
    who.ifPresent(p -> ctx.attribute(PERSON, p));
    HandlerType m = ctx.method();
    boolean changes = m != HandlerType.GET && m != HandlerType.HEAD && m != HandlerType.OPTIONS;
    if (changes) {
      Person p = who.orElseThrow(AccessCheck::unauthorized);
      if (!p.access().allows(Access.OPERATE)) {
        throw new ApiError(403, p.name() + " may read but not change anything");
      }
    } else if (!config.reads().admits(who)) {
      throw unauthorized();
    }
  }

  static Person personOf(Context ctx) {
    Person p = ctx.attribute(PERSON);
    if (p == null) {
      throw unauthorized();
    }
    return p;
  }

  private Optional<Person> person(Context ctx) {
    String h = ctx.header("Authorization");
    if (h == null) {
      return Optional.empty();
    }
    if (!h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw unauthorized();
    }
    // A token that is presented but unknown is refused even where no token is needed: the client
    // believes it is someone, and it is not.
    return Optional.of(
        tokens.holder(h.substring(7).strip()).orElseThrow(AccessCheck::unauthorized));
  }

  private void hostAllowed(Context ctx) {
    boolean loopback = isLoopback(config.bind());
    if (!loopback && config.allowedHosts().isEmpty()) {
      return; // bound beyond loopback with no list: the operator chose who can reach it
    }
    String host = ctx.host();
    if (host == null || !hosts.contains(withoutPort(host).toLowerCase(Locale.ROOT))) {
      throw new ApiError(
          421, "this console answers to " + String.join(", ", hosts.stream().sorted().toList()));
    }
  }

  private static boolean isLoopback(String bind) {
    return bind.equals("127.0.0.1") || bind.equals("localhost") || bind.equals("::1");
  }

  private static String withoutPort(String host) {
    if (host.startsWith("[")) {
      int end = host.indexOf(']');
      return end < 0 ? host : host.substring(0, end + 1);
    }
    int colon = host.lastIndexOf(':');
    return colon < 0 ? host : host.substring(0, colon);
  }

  private static ApiError unauthorized() {
    return new ApiError(401, "a valid bearer token is needed (Authorization: Bearer TOKEN)");
  }
}
