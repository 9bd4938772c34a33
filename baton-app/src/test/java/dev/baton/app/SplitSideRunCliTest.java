package dev.baton.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A split-side run whose plan cites side B's changes (facts that move while it runs) can still be
 * shown, reported, approved, resumed and aborted: the run keeps what its plan does, and a plan
 * rebuilt to resume it may word its notes differently but never its steps.
 */
class SplitSideRunCliTest {

  @TempDir Path home;

  private String[] withHome(String... args) {
    String[] out = new String[args.length + 2];
    System.arraycopy(args, 0, out, 0, args.length);
    out[args.length] = "--home";
    out[args.length + 1] = home.toString();
    return out;
  }

  /** The example with its passphrase read from a file, as CCMP_PASSPHRASE would give it. */
  private Path example() throws Exception {
    Path secret = home.resolve("passphrase");
    Files.writeString(secret, "correct horse battery staple");
    String text = Files.readString(Path.of("..", "examples", "ccmp-dual-side.yaml"));
    String ref = "ref: env:CCMP_PASSPHRASE";
    assertTrue(text.contains(ref), "the example's secret reference changed");
    Path copy = home.resolve("ccmp-dual-side.yaml");
    Files.writeString(copy, text.replace(ref, "ref: file:" + secret));
    return copy;
  }

  @Test
  void aRunHaltedPastItsFirstPointOfNoReturnCanBeShownReportedResumedAndAborted() throws Exception {
    Path topology = example();
    // Without --yes the run stops at its first gate, past the split (steps 1-4 done).
    Cli.Result first =
        Cli.inProcess(
            withHome("apply", topology.toString(), "--strategy", "split-side", "--to", "8.5.1"));
    assertEquals(3, first.code(), first.toString());
    Matcher m = Pattern.compile("run (r-[0-9a-f-]+) halted").matcher(first.out() + first.err());
    assertTrue(m.find(), first.toString());
    String run = m.group(1);

    for (String[] command :
        new String[][] {
          {"status", run}, {"report", run, "--format", "md"}, {"report", run, "--format", "json"}
        }) {
      Cli.Result r = Cli.inProcess(withHome(command));
      assertEquals(0, r.code(), String.join(" ", command) + ": " + r);
      assertFalse(r.out().contains("differs from the one it started with"), r.toString());
    }

    Cli.Result approve = Cli.inProcess(withHome("approve", run, "--by", "alice"));
    assertEquals(0, approve.code(), approve.toString());

    Cli.Result resume = Cli.inProcess(withHome("resume", run));
    assertTrue(resume.code() == 0 || resume.code() == 3, resume.toString());
    assertFalse((resume.out() + resume.err()).contains("differs"), resume.toString());

    Cli.Result abort = Cli.inProcess(withHome("abort", run));
    assertFalse((abort.out() + abort.err()).contains("differs"), abort.toString());
    assertTrue(abort.code() == 0 || abort.code() == 3, abort.toString());
  }
}
