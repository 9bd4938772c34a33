package dev.baton.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text an operator or a file gives Baton cannot change what a reader of its output sees: control
 * and format characters are shown escaped in error messages.
 */
class OperatorTextTest {

  @TempDir Path dir;
  private final Path takeover = Cli.example("takeover-sim.yaml");

  @Test
  void controlCharactersInErrorMessagesAreShownEscaped() throws Exception {
    Path missing = dir.resolve("r-\u202eevil\u0007\nbaton: done.yaml");
    Cli.Result run = Cli.inProcess("validate", missing.toString());
    assertEquals(2, run.code(), run.toString());
    assertTrue(run.err().contains("r-\\u202eevil\\u0007\\nbaton: done.yaml"), run.err());
    assertEquals(1, run.err().lines().count(), run.err());
    assertFalse(run.err().contains("\u202e") || run.err().contains("\u0007"), run.err());

    Cli.Result option = Cli.inProcess("status", "--\u202ehome");
    assertEquals(2, option.code(), option.toString());
    assertTrue(option.err().contains("--\\u202ehome"), option.err());
    assertFalse(option.err().contains("\u202e"), option.err());

    Path yaml = dir.resolve("t.yaml");
    Files.writeString(yaml, Files.readString(takeover) + "\"\\u202Eevil\\a\": 1\n");
    Cli.Result file = Cli.inProcess("validate", yaml.toString());
    assertEquals(2, file.code(), file.toString());
    assertTrue(file.err().contains("\\u202eevil\\u0007"), file.err());
    assertFalse(file.err().contains("\u202e") || file.err().contains("\u0007"), file.err());
  }

  @Test
  void namesAndReasonsMustBeOneLineOfVisibleText() {
    String h = dir.toString();
    String t = takeover.toString();
    Cli.Result halted = Cli.inProcess("apply", t, "-s", "takeover", "--to", "2.0", "--home", h);
    assertEquals(3, halted.code(), halted.toString());
    String run = halted.out().replaceAll("(?s).*run (r-[0-9a-z-]+) halted.*", "$1");

    assertOneLineRefused(
        Cli.inProcess("approve", run, "--by", "eve\n# INJECTED HEADING", "--home", h),
        "--by",
        "'eve\\n# INJECTED HEADING'");
    assertOneLineRefused(
        Cli.inProcess("resume", run, "--override", "same-level=ok\r\n| forged |", "--home", h),
        "--override",
        "'same-level=ok\\r\\n| forged |'");
    assertOneLineRefused(
        Cli.inProcess("resume", run, "--operator", "\u202eevil", "--home", h),
        "--operator",
        "'\\u202eevil'");
    assertOneLineRefused(
        Cli.inProcess("bookmark", t, "a\u0000b", "--home", h), "NAME", "'a\\u0000b'");
    Cli.Result longReason =
        Cli.inProcess("resume", run, "--override", "same-level=" + "x".repeat(5000), "--home", h);
    assertEquals(2, longReason.code(), longReason.toString());
    assertTrue(longReason.err().contains("at most 1000"), longReason.err());
  }

  private static void assertOneLineRefused(Cli.Result r, String option, String shown) {
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().contains(option), r.err());
    assertTrue(r.err().contains(shown + " holds a line break or a control character"), r.err());
    CliTest.assertNoStackTrace(r);
  }

  @Test
  void whatAnOperatorTypedShowsAsTextInEveryReportFormat() throws Exception {
    String h = dir.toString();
    Path busy = dir.resolve("busy.yaml");
    Files.writeString(
        busy,
        Files.readString(takeover)
            .replace("sim: {}", "sim:\n  transitorySessions: {csm-b-server: 1}"));
    String by = "eve <img src=x onerror=alert(1)> | *bold* [l](http://x) `c` # h";
    String reason = "| forged | row | <script>x</script> ## heading";
    Cli.Result halted =
        Cli.inProcess(
            "apply",
            busy.toString(),
            "-s",
            "takeover",
            "--to",
            "2.0",
            "--home",
            h,
            "--override",
            "no-transitory-sessions=" + reason);
    assertEquals(3, halted.code(), halted.toString());
    String run = halted.out().replaceAll("(?s).*run (r-[0-9a-z-]+) halted.*", "$1");
    assertEquals(0, Cli.inProcess("approve", run, "--by", by, "--home", h).code());

    String md = Cli.inProcess("report", run, "--format", "md", "--home", h).out();
    assertFalse(md.matches("(?s).*(?<!\\\\)(<img|<script|\\| forged).*"), "unescaped: " + md);
    assertTrue(md.contains("eve \\<img src=x onerror=alert(1)\\> \\| \\*bold\\*"), md);
    assertTrue(md.contains("\\| forged \\| row \\| \\<script\\>"), md);
    assertTrue(
        md.lines()
            .filter(l -> l.startsWith("#"))
            .allMatch(l -> l.matches("# Run r-.*|## (Steps|Overrides|Approvals|Evidence)|### .*")),
        md);

    String json = Cli.inProcess("report", run, "--format", "json", "--home", h).out();
    var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
    assertEquals(by, tree.get("approvals").get(0).get("by").asText());
    assertEquals(reason, tree.get("overrides").get(0).get("reason").asText());
  }
}
