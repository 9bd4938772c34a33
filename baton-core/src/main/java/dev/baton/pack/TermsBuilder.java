package dev.baton.pack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.model.ProductTerms;
import dev.baton.model.ProductTerms.Cluster;
import dev.baton.model.ProductTerms.Database;
import dev.baton.model.ProductTerms.Dependent;
import dev.baton.model.Term;
import dev.baton.topology.ErrorList;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads what a pack tells strategies, its {@code terms:} and {@code cluster:} sections, filling the
 * wording's defaults and checking that every kind it names is one the pack declares.
 */
final class TermsBuilder {

  private static final String COMPONENT = "{component}";

  private final Set<String> kinds;
  private final ErrorList errors;

  private TermsBuilder(Set<String> kinds, ErrorList errors) {
    this.kinds = kinds;
    this.errors = errors;
  }

  static ProductTerms build(JsonNode root, String pack, Set<String> kinds, ErrorList errors) {
    TermsBuilder b = new TermsBuilder(kinds, errors);
    Map<Term, String> words = new EnumMap<>(Term.class);
    PackBuilder.fields(root.path("terms"))
        .forEach((k, v) -> Term.parse(k).ifPresent(t -> words.put(t, v.asText())));
    JsonNode cluster = root.path("cluster");
    return new ProductTerms(
        pack, words, cluster.isObject() ? Optional.of(b.cluster(cluster)) : Optional.empty());
  }

  private Cluster cluster(JsonNode n) {
    List<Dependent> dependents = new ArrayList<>();
    for (int i = 0; i < n.path("dependents").size(); i++) {
      dependents.add(dependent(n.path("dependents").get(i), "/cluster/dependents/" + i));
    }
    List<Database> databases = new ArrayList<>();
    for (int i = 0; i < n.path("databases").size(); i++) {
      databases.add(database(n.path("databases").get(i), "/cluster/databases/" + i));
    }
    return new Cluster(
        kind(n, "/cluster", "resource"),
        kind(n, "/cluster", "nodes"),
        n.path("silence").asText("the dependents"),
        dependents,
        databases);
  }

  private Dependent dependent(JsonNode n, String pointer) {
    return new Dependent(
        kind(n, pointer, "kind"),
        n.path("name").asText(),
        n.path("stop").asText("Stop"),
        n.path("start").asText("Start"));
  }

  private Database database(JsonNode n, String pointer) {
    String name = n.path("name").asText();
    String title = n.path("title").asText("Back up " + name + " " + COMPONENT);
    String rest = title.replace(COMPONENT, "");
    if (!title.contains(COMPONENT) || !Template.of(rest).placeholders().isEmpty()) {
      errors.at(
          pointer + "/title",
          "a database's title names its component as " + COMPONENT + " and nothing else");
    }
    return new Database(
        kind(n, pointer, "kind"),
        name,
        n.path("required").asBoolean(false),
        n.path("step").asText("backup"),
        title,
        n.path("source").asText("back up " + name));
  }

  /** The kind {@code n.key} names, which must be declared under {@code kinds:}. */
  private String kind(JsonNode n, String pointer, String key) {
    String kind = n.path(key).asText();
    if (n.path(key).isTextual() && !kinds.contains(kind)) {
      errors.at(
          pointer + "/" + key,
          "cluster names kind '"
              + kind
              + "', which the pack does not declare; declared kinds: "
              + String.join(", ", kinds));
    }
    return kind;
  }
}
