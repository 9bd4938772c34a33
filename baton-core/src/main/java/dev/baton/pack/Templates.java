package dev.baton.pack;

import dev.baton.topology.ErrorList;
import dev.baton.topology.Pointers;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checks each command of a pack where it is written: no double quote, and every placeholder one its
 * scope fills; a {@code {sql:NAME}} must name declared SQL whose own placeholders fit too.
 */
final class Templates {

  private final Map<String, Template> sql;
  private final ErrorList errors;

  Templates(Map<String, Template> sql, ErrorList errors) {
    this.sql = new LinkedHashMap<>(sql);
    this.errors = errors;
  }

  Map<String, Template> sql() {
    return sql;
  }

  /** The template of {@code text}, written at {@code pointer}, after checking it in scope. */
  Template checked(String text, String pointer, Scope scope, String where) {
    Template t = Template.of(text);
    if (text.contains("\"")) {
      errors.at(pointer, where + ": a command may not contain a double quote; use single quotes");
    }
    Template.unclosed(text)
        .ifPresent(
            u ->
                errors.at(
                    pointer,
                    where
                        + ": the placeholder starting '"
                        + u
                        + "' is never closed; write it as {name} or {prefix:name}"));
    for (Template.Placeholder p : t.placeholders()) {
      if (p.prefix().equals("sql") && p.name() != null) {
        Template q = sql.get(p.name());
        if (q == null) {
          errors.at(
              pointer,
              where + ": unknown placeholder " + p + "; the pack declares sql " + sql.keySet());
        } else {
          checkSql(q, scope, p.name(), where);
        }
      } else if (!scope.fills(p)) {
        errors.at(
            pointer, where + ": unknown placeholder " + p + "; known here: " + scope.describe());
      }
    }
    return t;
  }

  // SQL is checked where it is used: what it may name depends on the command's scope.
  private void checkSql(Template q, Scope scope, String name, String user) {
    for (Template.Placeholder p : q.placeholders()) {
      boolean fine = !p.prefix().equals("sql") && !p.prefix().equals("services") && scope.fills(p);
      if (!fine) {
        errors.at(
            Pointers.child("/sql", name),
            "sql "
                + name
                + " (used by "
                + user
                + "): unknown placeholder "
                + p
                + "; known here: "
                + scope.describe());
      }
    }
  }
}
