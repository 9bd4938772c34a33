package dev.baton.drivers.files;

import dev.baton.drivers.transport.Command;
import dev.baton.drivers.transport.CommandResult;
import dev.baton.drivers.transport.Transport;
import dev.baton.engine.DriverException;
import java.time.Duration;

/** Replaces a small file on a node in one rename, keeping its mode and owner. */
final class AtomicFile {

  /**
   * The content travels as an argument because a transport has no stdin; Linux caps one argument at
   * 128 KiB, so refuse well before that.
   */
  static final int MAX_CHARS = 100_000;

  // Symlinks are resolved so that /etc/hosts -> /etc/hosts.real keeps its link; the copy sits next
  // to the target so that mv is a rename within one file system; the trap removes a half-written
  // copy; mode and owner are copied from the old file so readers and editors keep their access.
  private static final String SCRIPT =
      "set -e; f=$(readlink -f -- \"$2\"); t=\"$f.baton-tmp\"; trap 'rm -f -- \"$t\"' EXIT; "
          + "printf '%s' \"$1\" > \"$t\"; "
          + "if [ -e \"$f\" ]; then chmod --reference=\"$f\" -- \"$t\"; "
          + "chown --reference=\"$f\" -- \"$t\"; fi; "
          + "mv -f -- \"$t\" \"$f\"";

  private AtomicFile() {}

  /** The command that writes {@code content} to {@code path} through {@code path.baton-tmp}. */
  static Command command(String path, String content) {
    return Command.of(Duration.ofSeconds(30), "sh", "-c", SCRIPT, "sh", content, path);
  }

  /**
   * Writes the file, or fails with a sentence. Messages never quote the command: it carries the
   * whole content, which may hold a password.
   */
  static void write(Transport node, String path, String content) throws DriverException {
    if (content.length() > MAX_CHARS) {
      throw new DriverException(
          "refusing to rewrite " + path + ": it has more than " + MAX_CHARS + " characters", "");
    }
    CommandResult r;
    try {
      r = node.run(command(path, content));
    } catch (DriverException e) {
      throw new DriverException("could not run the command that rewrites " + path, "");
    }
    if (!r.ok()) {
      String why = Secrets.firstLine(r.stderr());
      throw new DriverException(
          "could not rewrite " + path + " (exit " + r.exitCode() + "): " + why, why);
    }
  }
}
