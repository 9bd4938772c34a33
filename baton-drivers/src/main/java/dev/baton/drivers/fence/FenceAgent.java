package dev.baton.drivers.fence;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A fence agent: any program that speaks the ClusterLabs fence agent protocol, run on Baton's own
 * host. Its options go on standard input as {@code name=value} lines ({@code action=off}, {@code
 * nodename=…}, then the configured ones), never on its command line, so a password given by
 * reference is in no process list. An agent that does not end within the timeout is killed, and its
 * action counts as failed: a timeout is an assumption, not a proof.
 *
 * <p>{@code off} proves nothing by itself; {@link #status} must then answer 2 ("off").
 */
public final class FenceAgent {

  /** What one action of the agent did: its exit code ({@code -1} after a timeout) and output. */
  public record Outcome(String action, int exitCode, boolean timedOut, String output, long tookMs) {

    /** The status action's answer "the device is reachable and the node is off". */
    public boolean off() {
      return !timedOut && exitCode == 2;
    }

    public boolean ok() {
      return !timedOut && exitCode == 0;
    }

    /** One line for a report: the action, how it ended, and how long it took. */
    public String summary() {
      String how = timedOut ? "timed out (killed)" : "exit " + exitCode + meaning(action, exitCode);
      return "action=" + action + ": " + how + " in " + tookMs + " ms";
    }

    /** The summary, then the agent's output, for the journal. */
    public String transcript() {
      return summary() + (output.isBlank() ? "" : "\n" + output.strip());
    }

    private static String meaning(String action, int code) {
      if (!"status".equals(action)) {
        return code == 0 ? " (done)" : " (failed)";
      }
      return switch (code) {
        case 0 -> " (on)";
        case 2 -> " (off)";
        default -> " (the device could not be asked)";
      };
    }
  }

  private static final int MAX_OUTPUT = 8_000;

  private final String program;
  private final String nodename;
  private final Map<String, String> options;
  private final Map<String, String> secretOptions;
  private final Duration timeout;

  /**
   * {@code options} are given as they are; {@code secretOptions} map an option to the name of the
   * topology secret holding its value, read only when the agent runs.
   */
  public FenceAgent(
      String program,
      String nodename,
      Map<String, String> options,
      Map<String, String> secretOptions,
      Duration timeout) {
    this.program = program;
    this.nodename = nodename;
    this.options = Map.copyOf(options);
    this.secretOptions = Map.copyOf(secretOptions);
    this.timeout = timeout;
  }

  public String program() {
    return program;
  }

  public Duration timeout() {
    return timeout;
  }

  /** Turns the node off (fences it). */
  public Outcome off(Function<String, String> secrets) throws FenceException {
    return run("off", secrets);
  }

  /** Asks whether the node is on (exit 0) or off (exit 2); anything else is "could not ask". */
  public Outcome status(Function<String, String> secrets) throws FenceException {
    return run("status", secrets);
  }

  Outcome run(String action, Function<String, String> secrets) throws FenceException {
    Map<String, String> secretValues = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : secretOptions.entrySet()) {
      try {
        secretValues.put(e.getKey(), secrets.apply(e.getValue()));
      } catch (IllegalArgumentException ex) {
        throw new FenceException(
            "cannot run the fence agent "
                + program
                + ": option "
                + e.getKey()
                + " names the secret "
                + e.getValue()
                + ", which "
                + ex.getMessage());
      }
    }
    StringBuilder in = new StringBuilder();
    in.append("action=").append(action).append('\n');
    in.append("nodename=").append(nodename).append('\n');
    options.forEach((k, v) -> in.append(k).append('=').append(v).append('\n'));
    secretValues.forEach((k, v) -> in.append(k).append('=').append(v).append('\n'));
    Path out = null;
    long t0 = System.nanoTime();
    try {
      out = Files.createTempFile("baton-fence-", ".out");
      ProcessBuilder pb = new ProcessBuilder(List.of(program));
      pb.redirectErrorStream(true);
      pb.redirectOutput(out.toFile());
      Process p = pb.start();
      try (OutputStream stdin = p.getOutputStream()) {
        stdin.write(in.toString().getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        // An agent may exit before it reads everything; its exit code says what happened.
      }
      boolean ended = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!ended) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
      }
      long took = (System.nanoTime() - t0) / 1_000_000;
      String output = mask(read(out), secretValues.values());
      return new Outcome(action, ended ? p.exitValue() : -1, !ended, output, took);
    } catch (IOException e) {
      throw new FenceException(
          "cannot run the fence agent " + program + ": " + e.getMessage() + " (is it executable?)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FenceException("interrupted while the fence agent " + program + " ran");
    } finally {
      if (out != null) {
        try {
          Files.deleteIfExists(out);
        } catch (IOException e) {
          // Created readable by Baton's user only (0600); nothing else can be done here.
        }
      }
    }
  }

  private static String read(Path out) throws IOException {
    String s = Files.readString(out, StandardCharsets.UTF_8);
    return s.length() > MAX_OUTPUT ? s.substring(0, MAX_OUTPUT) + "\n(output cut)" : s;
  }

  private static String mask(String text, java.util.Collection<String> secrets) {
    String s = text;
    for (String v : secrets) {
      if (v != null && !v.isEmpty()) {
        s = s.replace(v, "***");
      }
    }
    return s;
  }

  /** An agent that could not be run at all: not found, not executable, a secret missing. */
  public static final class FenceException extends Exception {
    private static final long serialVersionUID = 1L;

    public FenceException(String message) {
      super(message);
    }
  }
}
