package dev.baton.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;

/**
 * What a plan does, step by step, as the journal keeps it when a run starts: enough to show and
 * report the run, and to approve its gates, without rebuilding the plan. A rebuilt plan may differ
 * in its notes (they may cite what the system holds now); what runs may not.
 */
public record Outline(List<Item> steps) {

  /** One step as planned. {@code gate} is empty when the step has none. */
  public record Item(
      String id,
      String title,
      String action,
      boolean pointOfNoReturn,
      String gateKind,
      String gate,
      String source) {

    public Optional<Gate> gated() {
      return gateKind == null || gateKind.isEmpty()
          ? Optional.empty()
          : Optional.of(new Gate(Gate.Kind.valueOf(gateKind), gate));
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<Item>> ITEMS = new TypeReference<>() {};

  public Outline {
    steps = List.copyOf(steps);
  }

  public static Outline of(Plan plan) {
    return new Outline(
        plan.steps().stream()
            .map(
                s ->
                    new Item(
                        s.id(),
                        s.title(),
                        s.action().toString(),
                        s.pointOfNoReturn(),
                        s.gate() == null ? "" : s.gate().kind().name(),
                        s.gate() == null ? "" : s.gate().text(),
                        s.source()))
            .toList());
  }

  public Optional<Item> step(String id) {
    return steps.stream().filter(s -> s.id().equals(id)).findFirst();
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(steps);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an outline always serialises", e);
    }
  }

  /** The outline written as {@link #toJson()}; IllegalArgumentException when it is not one. */
  public static Outline fromJson(String json) {
    try {
      return new Outline(JSON.readValue(json, ITEMS));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a plan outline: " + e.getOriginalMessage());
    }
  }
}
