package dev.baton;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shape core keeps (ADR 0020, 0021): no source file over 400 lines, and no product's name in
 * core's code or resources; products are described by packs, which are data.
 */
class ShapeTest {

  private static final Path MAIN = Path.of("src", "main");
  private static final Pattern PRODUCTS =
      Pattern.compile("ccmp|entsso|biztalk|connected.backup|xosoft");

  @Test
  void noCoreSourceFileIsLongerThan400Lines() throws IOException {
    List<String> tooLong = new ArrayList<>();
    for (Path p : files(".java")) {
      long lines = Files.readAllLines(p).size();
      if (lines > 400) {
        tooLong.add(p + " (" + lines + " lines)");
      }
    }
    assertTrue(tooLong.isEmpty(), "split these: " + tooLong);
  }

  @Test
  void coreNamesNoProduct() throws IOException {
    List<String> hits = new ArrayList<>();
    for (Path p : files("")) {
      String text = Files.readString(p).toLowerCase(Locale.ROOT);
      if (PRODUCTS.matcher(text).find()) {
        hits.add(p.toString());
      }
    }
    assertTrue(hits.isEmpty(), "product names belong in packs: " + hits);
  }

  private static List<Path> files(String suffix) throws IOException {
    assertTrue(
        Files.isDirectory(MAIN), "run from the module's directory: " + MAIN.toAbsolutePath());
    try (Stream<Path> s = Files.walk(MAIN)) {
      return s.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(suffix)).toList();
    }
  }
}
