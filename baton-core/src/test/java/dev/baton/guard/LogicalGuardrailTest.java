package dev.baton.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.facts.FactKind;
import dev.baton.facts.Facts;
import dev.baton.facts.Property;
import dev.baton.guard.LogicalGuardrail.Kind;
import dev.baton.model.Topology;
import dev.baton.testing.Fixtures;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogicalGuardrailTest {

  private final Topology t = Fixtures.pair();

  private static Facts facts(String... subjectValue) {
    Facts.Builder b = Facts.builder("test", Instant.EPOCH);
    for (int i = 0; i < subjectValue.length; i += 2) {
      b.add(FactKind.PROPERTY, subjectValue[i], subjectValue[i + 1]);
    }
    return b.build();
  }

  private String refusal(Kind k, Facts f) {
    return new LogicalGuardrail(k, "db-a", "db-c").refusal(t, f).orElse("");
  }

  @Test
  void eachGuardNamesTheObjectsInTheWay() {
    assertTrue(
        refusal(Kind.REPLICA_IDENTITY, facts(Property.KEYLESS_TABLES.of("db-a"), "app:public.t"))
            .startsWith("logical replication cannot carry updates and deletes of app:public.t"));
    assertTrue(
        refusal(Kind.NO_LARGE_OBJECTS, facts(Property.LARGE_OBJECTS.of("db-a"), "app:16401"))
            .contains("app:16401"));
    assertTrue(
        refusal(
                Kind.EXTENSIONS_AVAILABLE,
                facts(
                    Property.EXTENSIONS.of("db-a"),
                    "app:adminpack,app:hstore",
                    Property.AVAILABLE_EXTENSIONS.of("db-c"),
                    "hstore,plpgsql"))
            .contains("do not offer the extensions app:adminpack that db-a uses"));
    assertTrue(
        refusal(
                Kind.NO_SCHEMA_DRIFT,
                facts(Property.SCHEMA_DRIFT.of("db-a"), "app: table public.t (changed)"))
            .contains("app: table public.t (changed)"));
    assertTrue(
        refusal(
                Kind.SPACE_FOR_COPY,
                facts(
                    Property.DATABASE_BYTES.of("db-a"),
                    "1000",
                    Property.FREE_BYTES.of("db-c"),
                    "1100"))
            .contains("needs"));
  }

  @Test
  void whatIsNotObservedIsRefusedAndWhatIsCleanPasses() {
    assertTrue(refusal(Kind.REPLICA_IDENTITY, Facts.empty()).contains("unknown"));
    assertTrue(refusal(Kind.NO_SCHEMA_DRIFT, Facts.empty()).contains("unknown"));
    assertEquals("", refusal(Kind.REPLICA_IDENTITY, facts(Property.KEYLESS_TABLES.of("db-a"), "")));
    assertEquals("", refusal(Kind.NO_SCHEMA_DRIFT, facts(Property.SCHEMA_DRIFT.of("db-a"), "")));
  }

  @Test
  void onceTheCopyFollowsOnlyTheCutoverChecksAreReadAgain() {
    Facts following =
        facts(
            Property.SUBSCRIBED_TO.of("db-c"),
            "db-a",
            Property.SCHEMA_DRIFT.of("db-a"),
            "app: table public.t (changed)");
    assertEquals("", refusal(Kind.REPLICA_IDENTITY, following));
    assertTrue(refusal(Kind.NO_SCHEMA_DRIFT, following).contains("changed"));
    assertEquals(
        List.of(Kind.values()).size() - 4, LogicalGuardrail.beforeCopy("db-a", "db-c").size());
  }
}
