package dev.baton.app.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.app.Cli;
import dev.baton.app.wiring.Home;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code report RUN --format html}: one self-contained file with the picture and every step. */
class HtmlReportTest {

  @TempDir Path home;

  private static Path markupPair() {
    return Path.of("src/test/resources/console/markup-pair.yaml").toAbsolutePath();
  }

  private String runId(String applyOut) {
    Matcher m = Pattern.compile("r-\\d{8}-\\d{6}-[0-9a-f]{4}").matcher(applyOut);
    assertTrue(m.find(), applyOut);
    return m.group();
  }

  private String htmlReportOfATakeover(Path topology) throws Exception {
    Cli.Result applied =
        Cli.inProcess(
            "apply",
            topology.toString(),
            "--strategy",
            "takeover",
            "--to",
            "2.0",
            "--yes",
            "--home",
            home.toString());
    assertEquals(0, applied.code(), applied.toString());
    String run = runId(applied.out());
    Path out = home.resolve("report.html");
    Cli.Result report =
        Cli.inProcess(
            "report", run, "--format", "html", "--out", out.toString(), "--home", home.toString());
    assertEquals(0, report.code(), report.toString());
    return Files.readString(out);
  }

  @Test
  void theReportIsOneFileWithNoExternalReferenceAndEveryStep() throws Exception {
    String html = htmlReportOfATakeover(Cli.example("takeover-sim.yaml"));

    assertFalse(html.contains("http://"), "no http reference");
    assertFalse(html.contains("https://"), "no https reference");
    assertFalse(html.contains("<script"), "no script");
    assertFalse(html.contains("<link"), "no linked stylesheet");
    for (String step :
        new String[] {"preflight", "takeover-csm-b-server", "upgrade-csm-a-server"}) {
      assertTrue(html.contains("data-step=\"" + step + "\""), step);
    }
    assertTrue(html.contains("<svg class=\"topology\""), "the picture is inline");
    assertTrue(html.contains("csm-b-server"), html);
    assertTrue(html.contains("point of no return"));
    assertTrue(html.contains("no workload client ran during this run: nothing measured"));
  }

  @Test
  void markupAndQuotesFromTheTopologyAreShownAsText() throws Exception {
    String html = htmlReportOfATakeover(markupPair());

    assertFalse(html.contains("<script>window"), "a property's script is not markup");
    assertFalse(html.contains("<img src=x"), "a property name's tag is not markup");
    assertTrue(
        html.contains(
            "&lt;script&gt;window.pwned=1&lt;/script&gt; &quot;quoted&quot; &#39;single&#39;"
                + " &amp; more"),
        "shown escaped in the properties table");
    assertTrue(html.contains("&lt;img src=x onerror=window.pwned=2&gt;"));
    assertTrue(html.contains("&lt;script&gt;window.pwned=3&lt;/script&gt;"));
  }

  @Test
  void workloadFiguresKeptBesideTheJournalAreShownAsMeasured() throws Exception {
    Cli.Result applied = Cli.inProcess(Cli.applyTakeover(Cli.example("takeover-sim.yaml"), home));
    String run = runId(applied.out());
    WorkloadFigures.write(new Home(home), run, Map.of("longestGapMs", 812.5, "lostWrites", 0));

    Path out = home.resolve("r.html");
    Cli.inProcess(
        "report", run, "--format", "html", "--out", out.toString(), "--home", home.toString());
    String html = Files.readString(out);

    assertTrue(
        html.contains("<td>longest time without an acknowledged write (ms)</td><td>812.5</td>"),
        html);
    assertTrue(html.contains("<td>lost writes</td><td>0</td>"));
  }
}
