package dev.baton.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.model.Version;
import dev.baton.strategy.Strategies;
import dev.baton.strategy.Strategy;
import dev.baton.strategy.StrategyOption;
import dev.baton.topology.BadInputException;
import dev.baton.topology.ErrorList;
import dev.baton.topology.InputError;
import dev.baton.topology.InputLimits;
import dev.baton.topology.LoadedTopology;
import dev.baton.topology.SchemaCheck;
import dev.baton.topology.SourceFile;
import dev.baton.topology.TopologyLoader;
import dev.baton.topology.YamlReader;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Loads a fleet file: YAML syntax, the JSON Schema, then every topology it names (each checked as
 * {@code baton validate} checks it), the strategies, windows and limits. Every problem is reported
 * at its file:line:column, and nothing is returned while any remains.
 */
public final class FleetLoader {

  private static final YamlReader.Expected FLEET =
      new YamlReader.Expected("fleet", "fleet, systems, rollout, ...");
  private static final SchemaCheck SCHEMA = SchemaCheck.of("/dev/baton/fleet/fleet.schema.json");
  private static final Map<String, DayOfWeek> DAYS =
      Map.of(
          "mon", DayOfWeek.MONDAY,
          "tue", DayOfWeek.TUESDAY,
          "wed", DayOfWeek.WEDNESDAY,
          "thu", DayOfWeek.THURSDAY,
          "fri", DayOfWeek.FRIDAY,
          "sat", DayOfWeek.SATURDAY,
          "sun", DayOfWeek.SUNDAY);

  private final Path file;
  private final String source;
  private final JsonNode root;
  private final ErrorList errors;
  private final List<InputError> topologyErrors = new ArrayList<>();

  private FleetLoader(Path file, JsonNode root, ErrorList errors) {
    this.file = file;
    this.source = file.toString();
    this.root = root;
    this.errors = errors;
  }

  /** Reads and checks the fleet in {@code file} and every topology it names. */
  public static Fleet load(Path file) throws BadInputException {
    String source = file.toString();
    String text = SourceFile.read(file, "the fleet ");
    InputLimits.check(text, source, "fleet");
    YamlReader.Parsed parsed = YamlReader.read(text, source, FLEET);
    ErrorList errors = new ErrorList(source, parsed.locations());
    SCHEMA.check(parsed.tree(), text, errors);
    // Building relies on the shape the schema guarantees, so it runs only on a valid tree.
    errors.throwIfAny();
    return new FleetLoader(file, parsed.tree(), errors).build(text);
  }

  private Fleet build(String text) throws BadInputException {
    Map<String, Window> windows = windows();
    List<WaveSize> sizes = waveSizes();
    List<FleetMember> members = members(windows, sizes);
    List<Limit> limits = limits(members);
    Rollout rollout =
        new Rollout(
            sizes,
            root.path("rollout").has("failureBudget")
                ? root.path("rollout").path("failureBudget").asInt()
                : null,
            root.path("rollout").path("yes").asBoolean(false));
    List<InputError> all = new ArrayList<>(topologyErrors);
    try {
      errors.throwIfAny();
    } catch (BadInputException e) {
      all.addAll(0, e.errors());
    }
    if (!all.isEmpty()) {
      throw new BadInputException(all);
    }
    return new Fleet(root.path("fleet").asText(), source, text, rollout, members, limits);
  }

  // ---- windows ----

  private Map<String, Window> windows() {
    Map<String, Window> out = new TreeMap<>();
    root.path("windows")
        .fields()
        .forEachRemaining(
            e -> {
              JsonNode w = e.getValue();
              String at = "/windows/" + e.getKey();
              Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
              w.path("days").forEach(d -> days.add(DAYS.get(d.asText())));
              LocalTime from = LocalTime.parse(w.path("from").asText());
              LocalTime to = LocalTime.parse(w.path("to").asText());
              if (from.equals(to)) {
                errors.at(at + "/to", "a window that ends when it starts is never open");
              }
              ZoneId zone = zone(w, at);
              out.put(e.getKey(), new Window(e.getKey(), days, from, to, zone));
            });
    return out;
  }

  private ZoneId zone(JsonNode window, String at) {
    if (!window.has("zone")) {
      return ZoneOffset.UTC;
    }
    String zone = window.path("zone").asText();
    try {
      return ZoneId.of(zone);
    } catch (DateTimeException e) {
      errors.at(at + "/zone", "unknown time zone '" + zone + "'; use a name such as Europe/Paris");
      return ZoneOffset.UTC;
    }
  }

  // ---- waves ----

  private List<WaveSize> waveSizes() {
    List<WaveSize> out = new ArrayList<>();
    JsonNode waves = root.path("rollout").path("waves");
    for (int i = 0; i < waves.size(); i++) {
      JsonNode w = waves.get(i);
      if (w.isInt()) {
        out.add(new WaveSize.Count(w.asInt()));
      } else if (w.asText().equals("rest")) {
        if (i != waves.size() - 1) {
          errors.at(
              "/rollout/waves/" + i, "'rest' takes every system left, so it must be the last wave");
        }
        out.add(new WaveSize.Rest());
      } else {
        String p = w.asText();
        out.add(new WaveSize.Percent(Integer.parseInt(p.substring(0, p.length() - 1))));
      }
    }
    return out;
  }

  // ---- systems ----

  private List<FleetMember> members(Map<String, Window> windows, List<WaveSize> waves) {
    List<Entry> entries = new ArrayList<>();
    Map<String, String> firstAt = new LinkedHashMap<>();
    JsonNode systems = root.path("systems");
    for (int i = 0; i < systems.size(); i++) {
      String at = "/systems/" + i;
      JsonNode s = systems.get(i);
      checkStrategy(s, at);
      checkVersion(s, at);
      Window window = null;
      if (s.has("window")) {
        window = windows.get(s.path("window").asText());
        if (window == null) {
          errors.at(
              at + "/window",
              "no window named '"
                  + s.path("window").asText()
                  + "'; windows: "
                  + (windows.isEmpty() ? "none declared" : String.join(", ", windows.keySet())));
        }
      }
      for (LoadedTopology lt : topologies(s.path("topology").asText(), at + "/topology")) {
        String system = lt.topology().system();
        String first = firstAt.putIfAbsent(system, errors.position(at + "/topology"));
        if (first != null) {
          errors.at(
              at + "/topology",
              "system "
                  + system
                  + " ("
                  + lt.source()
                  + ") is already in the fleet (at "
                  + first
                  + ")");
          continue;
        }
        entries.add(new Entry(s, lt, window));
      }
    }
    List<Integer> wave = WaveSize.assign(waves, entries.size());
    List<FleetMember> out = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      out.add(entries.get(i).member(i, wave.get(i)));
    }
    return out;
  }

  /** One system as an entry of the fleet file names it, before its wave is known. */
  private record Entry(JsonNode spec, LoadedTopology topology, Window window) {
    FleetMember member(int position, int wave) {
      Map<String, String> options = new TreeMap<>();
      spec.path("set")
          .fields()
          .forEachRemaining(e -> options.put(e.getKey(), e.getValue().asText()));
      List<String> tags = new ArrayList<>();
      spec.path("tags").forEach(t -> tags.add(t.asText()));
      return new FleetMember(
          topology.topology().system(),
          position,
          wave,
          spec.path("strategy").asText(),
          spec.has("to") ? spec.path("to").asText() : "",
          options,
          topology.source(),
          topology.text(),
          spec.has("site") ? spec.path("site").asText() : null,
          tags,
          window);
    }
  }

  private void checkStrategy(JsonNode s, String at) {
    String name = s.path("strategy").asText();
    Optional<Strategy> strategy = Strategies.named(name);
    if (strategy.isEmpty()) {
      errors.at(
          at + "/strategy",
          "unknown strategy '" + name + "'; known: " + String.join(", ", Strategies.names()));
      return;
    }
    checkOptions(strategy.get(), s.path("set"), at + "/set");
  }

  /**
   * As {@code --set} is checked: only options the strategy declares, each with a value it takes.
   */
  private void checkOptions(Strategy strategy, JsonNode set, String at) {
    set.fields()
        .forEachRemaining(
            e -> {
              Optional<StrategyOption> o =
                  strategy.options().stream().filter(x -> x.name().equals(e.getKey())).findFirst();
              if (o.isEmpty()) {
                String known =
                    strategy.options().isEmpty()
                        ? "takes no options"
                        : "knows: "
                            + String.join(
                                ", ",
                                strategy.options().stream().map(StrategyOption::name).toList());
                errors.at(at + "/" + e.getKey(), "strategy " + strategy.name() + " " + known);
              } else {
                o.get()
                    .problem(e.getValue().asText())
                    .ifPresent(problem -> errors.at(at + "/" + e.getKey(), problem));
              }
            });
  }

  private void checkVersion(JsonNode s, String at) {
    if (s.has("to")) {
      try {
        Version.parse(s.path("to").asText());
      } catch (IllegalArgumentException e) {
        errors.at(at + "/to", e.getMessage());
      }
    }
  }

  /** The topologies a file name or a glob (in its last part) names, in name order. */
  private List<LoadedTopology> topologies(String pattern, String at) {
    Path base = file.toAbsolutePath().getParent();
    Path named = base.resolve(pattern).normalize();
    List<Path> files = new ArrayList<>();
    String last = named.getFileName() == null ? "" : named.getFileName().toString();
    if (!last.matches(".*[*?\\[{].*")) {
      files.add(named);
    } else {
      if (!Files.isDirectory(named.getParent())) {
        errors.at(at, "'" + pattern + "' matches no file: there is no folder " + named.getParent());
        return List.of();
      }
      try (DirectoryStream<Path> found = Files.newDirectoryStream(named.getParent(), last)) {
        found.forEach(files::add);
      } catch (IOException | IllegalArgumentException e) {
        errors.at(at, "cannot list " + named.getParent() + ": " + e.getMessage());
        return List.of();
      }
      if (files.isEmpty()) {
        errors.at(at, "'" + pattern + "' matches no file in " + named.getParent());
      }
    }
    files.sort(null);
    List<LoadedTopology> out = new ArrayList<>();
    for (Path f : files) {
      try {
        out.add(TopologyLoader.load(relative(f)));
      } catch (BadInputException e) {
        topologyErrors.addAll(e.errors());
      }
    }
    return out;
  }

  // Errors cite a topology as the operator would: relative to where Baton runs, when it can.
  private static Path relative(Path f) {
    Path cwd = Path.of("").toAbsolutePath();
    return f.startsWith(cwd) ? cwd.relativize(f) : f;
  }

  // ---- limits ----

  private List<Limit> limits(List<FleetMember> members) {
    List<Limit> out = new ArrayList<>();
    List<String> all = members.stream().map(FleetMember::system).toList();
    JsonNode rollout = root.path("rollout");
    if (rollout.has("concurrency")) {
      out.add(new Limit("the fleet", rollout.path("concurrency").asInt(), all));
    }
    if (rollout.has("perSite")) {
      Map<String, List<String>> bySite = new TreeMap<>();
      for (FleetMember m : members) {
        if (m.site() != null) {
          bySite.computeIfAbsent(m.site(), k -> new ArrayList<>()).add(m.system());
        }
      }
      bySite.forEach(
          (site, systems) ->
              out.add(new Limit("site " + site, rollout.path("perSite").asInt(), systems)));
    }
    JsonNode limits = root.path("limits");
    for (int i = 0; i < limits.size(); i++) {
      declared(limits.get(i), "/limits/" + i, members, all).ifPresent(out::add);
    }
    checkUnique(out);
    return out;
  }

  private java.util.Optional<Limit> declared(
      JsonNode l, String at, List<FleetMember> members, List<String> all) {
    int max = l.path("max").asInt();
    if (l.has("tag")) {
      String tag = l.path("tag").asText();
      List<String> tagged =
          members.stream().filter(m -> m.tags().contains(tag)).map(FleetMember::system).toList();
      if (tagged.isEmpty()) {
        errors.at(at + "/tag", "no system of the fleet has the tag '" + tag + "'");
        return java.util.Optional.empty();
      }
      return java.util.Optional.of(new Limit(name(l, "tag " + tag), max, tagged));
    }
    List<String> systems = new ArrayList<>();
    JsonNode named = l.path("systems");
    for (int j = 0; j < named.size(); j++) {
      String system = named.get(j).asText();
      if (!all.contains(system)) {
        errors.at(at + "/systems/" + j, "system " + system + " is not in the fleet");
      }
      systems.add(system);
    }
    return java.util.Optional.of(
        new Limit(name(l, "systems " + String.join(", ", systems)), max, systems));
  }

  private static String name(JsonNode l, String otherwise) {
    return l.has("name") ? l.path("name").asText() : otherwise;
  }

  private void checkUnique(List<Limit> limits) {
    Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < limits.size(); i++) {
      if (!seen.add(limits.get(i).name())) {
        errors.at(
            "/limits", "two limits are named '" + limits.get(i).name() + "'; name one of them");
      }
    }
  }
}
