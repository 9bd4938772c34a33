package dev.baton.drivers.transport;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The last bytes written to it: the standard error of a command that streams for minutes may say a
 * great deal, and only its end (where a failure is told) is kept for the sentence and evidence.
 */
public final class OutputTail extends OutputStream {

  /** What is kept unless another size is asked for. */
  public static final int DEFAULT_BYTES = 64 * 1024;

  private final byte[] ring;
  private long written; // guarded by this

  public OutputTail() {
    this(DEFAULT_BYTES);
  }

  public OutputTail(int bytes) {
    this.ring = new byte[bytes];
  }

  @Override
  public synchronized void write(int b) {
    ring[(int) (written++ % ring.length)] = (byte) b;
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    for (int i = 0; i < len; i++) {
      ring[(int) (written++ % ring.length)] = b[off + i];
    }
  }

  /** The kept bytes as UTF-8 text; a character cut at the start shows as a replacement mark. */
  public synchronized String text() {
    int kept = (int) Math.min(written, ring.length);
    byte[] out = new byte[kept];
    int start = (int) ((written - kept) % ring.length);
    for (int i = 0; i < kept; i++) {
      out[i] = ring[(start + i) % ring.length];
    }
    return new String(out, StandardCharsets.UTF_8);
  }
}
