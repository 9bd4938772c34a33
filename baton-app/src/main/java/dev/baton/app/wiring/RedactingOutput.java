package dev.baton.app.wiring;

import dev.baton.engine.Redactor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Standard output and error, redacted line by line: once a topology's secrets are known, nothing
 * Baton prints can carry their values, whatever part of Baton printed it.
 */
final class RedactingOutput extends OutputStream {

  private final OutputStream target;
  private final Redactor redactor;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();

  private RedactingOutput(OutputStream target, Redactor redactor) {
    this.target = target;
    this.redactor = redactor;
  }

  /** Wraps the current {@code System.out} and {@code System.err}. */
  static synchronized void install(Redactor redactor) {
    System.setOut(wrap(System.out, redactor));
    System.setErr(wrap(System.err, redactor));
  }

  private static PrintStream wrap(PrintStream current, Redactor redactor) {
    return new PrintStream(new RedactingOutput(current, redactor), true, StandardCharsets.UTF_8);
  }

  @Override
  public synchronized void write(int b) throws IOException {
    line.write(b);
    if (b == '\n') {
      drain();
    }
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) throws IOException {
    for (int i = off; i < off + len; i++) {
      write(b[i]);
    }
  }

  @Override
  public synchronized void flush() throws IOException {
    drain();
    target.flush();
  }

  @Override
  public synchronized void close() throws IOException {
    flush();
  }

  private void drain() throws IOException {
    if (line.size() == 0) {
      return;
    }
    String text = line.toString(StandardCharsets.UTF_8);
    line.reset();
    target.write(redactor.redact(text).getBytes(StandardCharsets.UTF_8));
  }
}
