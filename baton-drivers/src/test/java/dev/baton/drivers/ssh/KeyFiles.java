package dev.baton.drivers.ssh;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Key files made by Debian's ssh-keygen, in its default OpenSSH format, for the SSH tests. */
final class KeyFiles {

  private KeyFiles() {}

  /** Writes {@code file} and {@code file.pub}: a key of {@code type} under {@code passphrase}. */
  static Path keygen(Path file, String type, String passphrase) throws Exception {
    Process p =
        new ProcessBuilder(
                "ssh-keygen",
                "-q",
                "-t",
                type,
                "-N",
                passphrase,
                "-C",
                "test",
                "-f",
                file.toString())
            .redirectErrorStream(true)
            .start();
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException(
            "ssh-keygen -t " + type + " failed: " + new String(p.getInputStream().readAllBytes()));
      }
      return file;
    } finally {
      p.destroyForcibly();
    }
  }
}
