package dev.baton.topology;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Reliability matrix row 10: malformed topologies give file:line:column errors, never any other
 * exception. Mutants come from the examples with a fixed seed, so a failure can be replayed.
 */
class TopologyFuzzTest {

  private static final long SEED = 20240610L;
  private static final int MUTANTS = 2_000;
  private static final String NOISE = ":-[]{}\"'#\t\nabcxyzABC";

  @Test
  void everyMutantLoadsOrIsRefusedWithPositionedErrors() throws Exception {
    List<String> seeds =
        List.of(
            Files.readString(Fixtures.example("takeover-sim.yaml")),
            Files.readString(Fixtures.example("full-stop-sim.yaml")));
    Random random = new Random(SEED);
    int refused = 0;
    for (int i = 0; i < MUTANTS; i++) {
      String mutant = mutate(seeds.get(i % seeds.size()), random);
      refused += check(i, mutant) ? 0 : 1;
    }
    // A fuzzer whose mutants all load, or all fail, is not exercising both paths.
    assertTrue(refused > MUTANTS / 10 && refused < MUTANTS, "refused " + refused);
  }

  /** True if the mutant loads; false if it is refused properly; fails the test otherwise. */
  private static boolean check(int i, String mutant) {
    try {
      TopologyLoader.parse(mutant, "m.yaml");
      return true;
    } catch (BadInputException e) {
      // YAML also breaks lines at U+0085, U+2028 and U+2029.
      long lines = mutant.split("\\r\\n|[\\r\\n\\u0085\\u2028\\u2029]", -1).length;
      for (InputError error : e.errors()) {
        boolean placed = error.line() >= 1 && error.column() >= 1 && error.line() <= lines;
        boolean plain = !error.message().matches("(?s).*\\b(com|org|java)\\.[a-z].*");
        if (!placed || !plain) {
          fail("mutant " + i + " gave " + error + "\n---\n" + mutant);
        }
      }
      return false;
    } catch (RuntimeException e) {
      throw new AssertionError("mutant " + i + " threw " + e + "\n---\n" + mutant, e);
    }
  }

  private static String mutate(String text, Random random) {
    String out = text;
    for (int n = 1 + random.nextInt(3); n > 0; n--) {
      out =
          switch (random.nextInt(5)) {
            case 0 -> deleteSpan(out, random);
            case 1 -> duplicateLine(out, random);
            case 2 -> insertNoise(out, random);
            case 3 -> swapLines(out, random);
            default -> reindent(out, random);
          };
    }
    return out;
  }

  private static String deleteSpan(String s, Random random) {
    if (s.isEmpty()) {
      return s;
    }
    int from = random.nextInt(s.length());
    int to = Math.min(s.length(), from + 1 + random.nextInt(40));
    return s.substring(0, from) + s.substring(to);
  }

  private static String duplicateLine(String s, Random random) {
    List<String> lines = lines(s);
    int i = random.nextInt(lines.size());
    lines.add(i, lines.get(i));
    return String.join("\n", lines);
  }

  private static String insertNoise(String s, Random random) {
    StringBuilder noise = new StringBuilder();
    for (int n = 1 + random.nextInt(4); n > 0; n--) {
      noise.append(NOISE.charAt(random.nextInt(NOISE.length())));
    }
    int at = random.nextInt(s.length() + 1);
    return s.substring(0, at) + noise + s.substring(at);
  }

  private static String swapLines(String s, Random random) {
    List<String> lines = lines(s);
    int a = random.nextInt(lines.size());
    int b = random.nextInt(lines.size());
    String line = lines.get(a);
    lines.set(a, lines.get(b));
    lines.set(b, line);
    return String.join("\n", lines);
  }

  private static String reindent(String s, Random random) {
    List<String> lines = lines(s);
    int i = random.nextInt(lines.size());
    String line = lines.get(i);
    lines.set(i, random.nextBoolean() ? "  " + line : line.replaceFirst("^ {1,2}", ""));
    return String.join("\n", lines);
  }

  private static List<String> lines(String s) {
    return new ArrayList<>(List.of(s.split("\n", -1)));
  }
}
