package dev.baton.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Golden text files under {@code src/test/resources/golden/}: a header of {@code #} lines that says
 * where the text comes from, then the expected text. Running the tests with {@code
 * -Dbaton.golden.update=true} rewrites the text below the header instead of comparing it.
 */
public final class Golden {

  /** The system property that turns comparing into rewriting. */
  public static final String UPDATE = "baton.golden.update";

  private static final Path DIR = Path.of("src", "test", "resources", "golden");

  private Golden() {}

  /**
   * Compares {@code actual} with the golden file's text. The file must start with a header; {@code
   * header} is used only when the file is created, and the existing header is kept on update.
   */
  public static void check(String file, List<String> header, String actual) throws IOException {
    Path golden = DIR.resolve(file);
    if (Boolean.getBoolean(UPDATE)) {
      List<String> kept = Files.exists(golden) ? header(golden) : header;
      Files.writeString(golden, String.join("\n", kept) + "\n" + actual.strip() + "\n");
    }
    assertTrue(
        Files.exists(golden),
        "no golden file " + golden + "; create it with -D" + UPDATE + "=true");
    assertEquals(body(golden), actual.strip(), "golden " + file + " (rewrite: -D" + UPDATE + ")");
  }

  /** The golden file's header lines, each starting with {@code #}. */
  public static List<String> header(Path golden) throws IOException {
    return Files.readAllLines(golden).stream().takeWhile(l -> l.startsWith("#")).toList();
  }

  public static Path path(String file) {
    return DIR.resolve(file);
  }

  private static String body(Path golden) throws IOException {
    return Files.readAllLines(golden).stream()
        .filter(l -> !l.startsWith("#"))
        .collect(Collectors.joining("\n"))
        .strip();
  }
}
