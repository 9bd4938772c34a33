package dev.baton.drivers.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One long-lived POSIX shell, fed one command line at a time on its standard input: over an SSH
 * channel on a node, or as a local process. After each command the shell prints a marker (a nonce
 * of this shell) and the exit status on standard output, and the marker alone on standard error, so
 * a command costs a line written to a shell that already runs instead of a new process (and, over
 * SSH, a new channel). A command that runs out of time or a shell that ends closes the shell; its
 * owner starts another for the next command.
 */
public final class LineShell implements AutoCloseable {

  /** What one command printed and how it exited. */
  public record Output(int exitCode, String stdout, String stderr) {}

  /** The shell ended, or its channel closed, before the command's marker came. */
  public static final class Ended extends IOException {
    private static final long serialVersionUID = 1L;

    Ended(String message) {
      super(message);
    }
  }

  // Reads standard error while the caller reads standard output, so that a command filling one
  // pipe never blocks on the other.
  private static final ExecutorService READERS =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "baton-shell");
            t.setDaemon(true);
            return t;
          });

  private final OutputStream in;
  private final InputStream out;
  private final InputStream err;
  private final String marker;
  private final Runnable closer;
  private final java.util.function.BooleanSupplier open;

  /** {@code argv} as one line a POSIX shell reads back as the same words. */
  public static String posixJoin(java.util.List<String> argv) {
    return String.join(" ", argv.stream().map(LineShell::posixQuote).toList());
  }

  /** {@code s} as one word for a POSIX shell: as it is when that is safe, else single-quoted. */
  public static String posixQuote(String s) {
    if (s.matches("[A-Za-z0-9_./:,@+-]+")) {
      return s;
    }
    return "'" + s.replace("'", "'\\''") + "'";
  }

  /**
   * A shell already started, reading command lines on {@code in}; {@code close} ends it (and what
   * it runs), {@code open} says whether it still runs.
   */
  public LineShell(
      OutputStream in,
      InputStream out,
      InputStream err,
      Runnable close,
      java.util.function.BooleanSupplier open) {
    this.in = in;
    this.out = out;
    this.err = err;
    this.closer = close;
    this.open = open;
    byte[] nonce = new byte[12];
    new SecureRandom().nextBytes(nonce);
    this.marker = "BATON-END-" + HexFormat.of().formatHex(nonce);
  }

  public boolean isOpen() {
    return open.getAsBoolean();
  }

  /**
   * Runs {@code line} (already quoted for a POSIX shell) with no input; throws {@link
   * TimeoutException} after {@code timeout} and {@link Ended} if the shell ends first, closing the
   * shell in both cases.
   */
  public Output run(String line, Duration timeout) throws IOException, TimeoutException {
    String script =
        "{ "
            + line
            + "\n} </dev/null; s=$?; printf '\\n%s %s\\n' "
            + marker
            + " \"$s\"; printf '\\n%s\\n' "
            + marker
            + " >&2\n";
    long deadline = System.nanoTime() + timeout.toNanos();
    Future<String> stderr = READERS.submit(() -> readUntil(err, "\n" + marker + "\n"));
    try {
      in.write(script.getBytes(StandardCharsets.UTF_8));
      in.flush();
      String stdout = readStatus(deadline);
      int cut = stdout.lastIndexOf("\n" + marker + " ");
      int status = Integer.parseInt(stdout.substring(cut + marker.length() + 2).strip());
      String errors = stderr.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      return new Output(status, stdout.substring(0, cut), errors);
    } catch (TimeoutException e) {
      close();
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new IOException("interrupted while a command ran", e);
    } catch (ExecutionException e) {
      close();
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Standard output up to and including the marker's status line, within the deadline. */
  private String readStatus(long deadline)
      throws IOException, TimeoutException, InterruptedException, ExecutionException {
    Future<String> f = READERS.submit(() -> readStatusLine(out));
    try {
      return f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw e;
    }
  }

  /** Standard output through the marker and its status line: {@code ...\nMARKER 0\n}. */
  private String readStatusLine(InputStream s) throws IOException {
    byte[] until = ("\n" + marker + " ").getBytes(StandardCharsets.US_ASCII);
    return read(s, until, true);
  }

  /** Standard error up to the marker line, without it. */
  private static String readUntil(InputStream s, String end) throws IOException {
    byte[] until = end.getBytes(StandardCharsets.US_ASCII);
    String all = read(s, until, false);
    return all.substring(0, all.length() - end.length());
  }

  /**
   * Reads in chunks until {@code until} has come (and, with {@code thenLine}, the rest of its
   * line): the output of one command, which the shell's marker ends.
   */
  private static String read(InputStream s, byte[] until, boolean thenLine) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    int found = -1;
    while (true) {
      int n = s.read(chunk);
      if (n < 0) {
        throw new Ended("the shell ended before the command's end marker");
      }
      int from = Math.max(0, b.size() - until.length);
      b.write(chunk, 0, n);
      byte[] all = b.toByteArray();
      if (found < 0) {
        found = indexOf(all, until, from);
      }
      if (found >= 0) {
        if (!thenLine) {
          return new String(all, 0, found + until.length, StandardCharsets.UTF_8);
        }
        for (int i = found + until.length; i < all.length; i++) {
          if (all[i] == '\n') {
            return new String(all, 0, i + 1, StandardCharsets.UTF_8);
          }
        }
      }
    }
  }

  private static int indexOf(byte[] all, byte[] part, int from) {
    outer:
    for (int i = from; i <= all.length - part.length; i++) {
      for (int j = 0; j < part.length; j++) {
        if (all[i + j] != part[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Override
  public void close() {
    closer.run();
  }
}
