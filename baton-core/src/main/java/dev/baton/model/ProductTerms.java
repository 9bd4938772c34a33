package dev.baton.model;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a topology's pack tells strategies in their own terms: the words checklists use for the
 * product and, for a clustered product, the part each component kind plays. Strategies read it
 * through {@link Topology#terms()}; {@link #NONE} when the topology has no pack attached.
 */
public record ProductTerms(String pack, Map<Term, String> words, Optional<Cluster> cluster) {

  public static final ProductTerms NONE = new ProductTerms("", Map.of(), Optional.empty());

  public ProductTerms {
    words = Map.copyOf(words);
  }

  /** The pack's word for {@code term}, else the term's generic word. */
  public String word(Term term) {
    return words.getOrDefault(term, term.generic());
  }

  /**
   * A clustered resource and what surrounds it, by component kind: the resource, its nodes, the
   * dependents in the order they are quiesced, and the databases backed up before the cluster
   * changes. {@code silence} names what the dependents make up, cited as "silence" and it.
   */
  public record Cluster(
      String resource,
      String nodes,
      String silence,
      List<Dependent> dependents,
      List<Database> databases) {

    public Cluster {
      dependents = List.copyOf(dependents);
      databases = List.copyOf(databases);
    }

    /** The wording of {@code kind} as a dependent; it must be one. */
    public Dependent dependent(String kind) {
      return dependents.stream().filter(d -> d.kind().equals(kind)).findFirst().orElseThrow();
    }

    /** The wording of {@code kind} as a database; it must be one. */
    public Database database(String kind) {
      return databases.stream().filter(d -> d.kind().equals(kind)).findFirst().orElseThrow();
    }
  }

  /**
   * A kind quiesced before the cluster changes: {@code name} as titles say it, and the words its
   * steps start with (Stop and Start, or e.g. Disable and Enable), which also prefix their ids.
   */
  public record Dependent(String kind, String name, String stop, String start) {

    public String stopTitle(String component) {
      return stop + " " + name + " " + component;
    }

    public String startTitle(String component) {
      return start + " " + name + " " + component;
    }

    public String stopId(String component) {
      return stop.toLowerCase(Locale.ROOT) + "-" + component;
    }

    public String startId(String component) {
      return start.toLowerCase(Locale.ROOT) + "-" + component;
    }
  }

  /**
   * A kind backed up before the cluster changes; a {@code required} one must be in the topology.
   * {@code title} names the component as {@code {component}}; {@code step} prefixes the step id.
   */
  public record Database(
      String kind, String name, boolean required, String step, String title, String source) {

    public String title(String component) {
      return title.replace("{component}", component);
    }

    public String id(String component) {
      return step + "-" + component;
    }
  }
}
