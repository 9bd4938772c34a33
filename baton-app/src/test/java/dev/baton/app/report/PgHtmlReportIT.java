package dev.baton.app.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.app.Cli;
import dev.baton.testkit.pg.LocalPgPair;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.swing.text.MutableAttributeSet;
import javax.swing.text.html.HTML;
import javax.swing.text.html.HTMLEditorKit;
import javax.swing.text.html.parser.ParserDelegator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code report RUN --format html} of a switchover of a real PostgreSQL pair, read back with the
 * JDK's HTML parser: every attribute and every piece of text, not the file as a string.
 */
class PgHtmlReportIT {

  @TempDir Path home;
  private LocalPgPair pair;
  private Path topology;

  @BeforeEach
  void startPair() {
    pair = LocalPgPair.start();
    topology = pair.writeTopology(home);
  }

  @AfterEach
  void stopPair() {
    pair.close();
  }

  private Cli.Result baton(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--home", home.toString()));
    return Cli.inProcess(all.toArray(String[]::new));
  }

  @Test
  void theHtmlReportOfARealSwitchoverReferencesNothingOutsideAndHasEveryStep() throws Exception {
    // Given a switchover of the pair, done
    Cli.Result applied = baton("apply", topology.toString(), "--strategy", "switchover", "--yes");
    assertEquals(0, applied.code(), applied.toString());
    assertEquals("f", pair.pgB().sql("select pg_is_in_recovery()"));
    Matcher id = Pattern.compile("r-\\d{8}-\\d{6}-[0-9a-f]{4}").matcher(applied.out());
    assertTrue(id.find(), applied.out());
    String run = id.group();

    // When its report is written as HTML, and as JSON for the list of its steps
    Path out = home.resolve("switchover.html");
    Cli.Result html = baton("report", run, "--format", "html", "--out", out.toString());
    assertEquals(0, html.code(), html.toString());
    Cli.Result json = baton("report", run, "--format", "json");
    assertEquals(0, json.code(), json.toString());
    Parsed page = Parsed.of(Files.readString(out));

    // Then no attribute and no text refers to anything over http or https
    for (String value : page.attributeValues) {
      assertFalse(value.contains("http://") || value.contains("https://"), value);
    }
    assertFalse(page.text.contains("http://") || page.text.contains("https://"), page.text);
    assertEquals(List.of(), page.tags("script"), "no script");
    assertEquals(List.of(), page.tags("link"), "no linked stylesheet");
    assertEquals(List.of(), page.tags("img"), "no image fetched from anywhere");

    // And every step of the run is a row of the checklist, in order, with its decision
    List<String> steps = new ArrayList<>();
    for (JsonNode s : new ObjectMapper().readTree(json.out()).get("steps")) {
      steps.add(s.get("id").asText());
    }
    assertTrue(steps.size() >= 5, "a switchover has steps: " + steps);
    assertEquals(steps, page.stepRows, "the checklist's rows");
    assertTrue(page.text.contains("all " + steps.size() + " steps of switchover are done"));
    System.out.println(
        "HTML report of a PostgreSQL switchover: "
            + Files.size(out)
            + " bytes, "
            + steps.size()
            + " steps, "
            + page.attributeValues.size()
            + " attribute values, no http(s) reference");
  }

  /** What the JDK's HTML parser saw: the tags, every attribute value, the text, the step rows. */
  private static final class Parsed extends HTMLEditorKit.ParserCallback {
    final List<String> tagNames = new ArrayList<>();
    final List<String> attributeValues = new ArrayList<>();
    final List<String> stepRows = new ArrayList<>();
    final StringBuilder textBuilder = new StringBuilder();
    String text;

    static Parsed of(String html) throws Exception {
      Parsed p = new Parsed();
      try (Reader r = new StringReader(html)) {
        new ParserDelegator().parse(r, p, true);
      }
      p.text = p.textBuilder.toString();
      return p;
    }

    List<String> tags(String name) {
      return tagNames.stream().filter(name::equalsIgnoreCase).toList();
    }

    @Override
    public void handleStartTag(HTML.Tag t, MutableAttributeSet a, int pos) {
      seen(t, a);
    }

    @Override
    public void handleSimpleTag(HTML.Tag t, MutableAttributeSet a, int pos) {
      seen(t, a);
    }

    private void seen(HTML.Tag t, MutableAttributeSet a) {
      tagNames.add(t.toString());
      Enumeration<?> names = a.getAttributeNames();
      while (names.hasMoreElements()) {
        Object n = names.nextElement();
        String v = String.valueOf(a.getAttribute(n));
        attributeValues.add(v);
        if (t == HTML.Tag.TR && "data-step".equals(String.valueOf(n))) {
          stepRows.add(v);
        }
      }
    }

    @Override
    public void handleText(char[] data, int pos) {
      textBuilder.append(data).append(' ');
    }

    @Override
    public void handleComment(char[] data, int pos) {
      textBuilder.append(data).append(' ');
    }
  }
}
