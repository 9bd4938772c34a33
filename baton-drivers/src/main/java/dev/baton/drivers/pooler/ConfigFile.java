package dev.baton.drivers.pooler;

import dev.baton.drivers.transport.Command;
import dev.baton.drivers.transport.CommandResult;
import dev.baton.drivers.transport.Transport;
import dev.baton.engine.DriverException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * The PgBouncer file that holds an entry point's {@code [databases]} entry, on its node. A rewrite
 * is one remote command that replaces the file in one rename only if it is still what Baton read
 * (its SHA-256), so the release after the promote costs one round trip and never overwrites an edit
 * made meanwhile. A hold splits it in two ({@link #prepare}, {@link #commit}): the new file is
 * written beside the old one before the pooler holds its clients, and only the rename is left for
 * while they wait.
 */
final class ConfigFile {

  /** The file's content when Baton read it, and its digest. */
  record Snapshot(String path, String text, String sha256) {
    void requireEntry(String database) throws DriverException {
      try {
        DatabaseEntry.repoint(path, text, database, "x", 1);
      } catch (IllegalStateException e) {
        throw new DriverException(e.getMessage(), "");
      }
    }
  }

  /** A rewrite written beside the file ({@code temp}), to be renamed over {@code file}. */
  record Prepared(String file, String temp, Snapshot after) {}

  private static final int CHANGED = 3;
  private static final int OWNER = 4;
  private static final int MAX_CHARS = 100_000;

  // Replaces "$1" with "$2" through a copy next to it (cp -p keeps mode and owner), only if its
  // SHA-256 is still "$3"; exit 3 says it changed. A symlink is followed so that it stays a link.
  // cp -p cannot keep another user's ownership unless run by root: a copy that became ours when
  // the file is not is refused (exit 4) rather than handing PgBouncer's file to the login user.
  // Few processes, and the checks are shell builtins: it runs while the pooler holds its clients.
  private static final String SCRIPT =
      "f=\"$1\"; if [ -L \"$f\" ]; then f=$(readlink -f -- \"$f\"); fi; "
          + "[ \"$(sha256sum < \"$f\")\" = \"$3  -\" ] || exit "
          + CHANGED
          + "; t=\"$f.baton-tmp\"; "
          + "cp -p -- \"$f\" \"$t\" || { rm -f -- \"$t\"; exit 1; }; "
          + "if [ -O \"$t\" ] && [ ! -O \"$f\" ]; then rm -f -- \"$t\"; exit "
          + OWNER
          + "; fi; "
          + "if printf '%s' \"$2\" > \"$t\" && mv -f -- \"$t\" \"$f\"; "
          + "then exit 0; fi; rm -f -- \"$t\"; exit 1";

  // The first half of SCRIPT: the copy next to the file, written, and the path of the file it is
  // to be renamed over (a link's target) printed; the rename is left to commit().
  private static final String PREPARE =
      "f=\"$1\"; if [ -L \"$f\" ]; then f=$(readlink -f -- \"$f\"); fi; "
          + "[ \"$(sha256sum < \"$f\")\" = \"$3  -\" ] || exit "
          + CHANGED
          + "; t=\"$f.baton-tmp\"; "
          + "cp -p -- \"$f\" \"$t\" || { rm -f -- \"$t\"; exit 1; }; "
          + "if [ -O \"$t\" ] && [ ! -O \"$f\" ]; then rm -f -- \"$t\"; exit "
          + OWNER
          + "; fi; "
          + "if printf '%s' \"$2\" > \"$t\"; then printf '%s' \"$f\"; exit 0; fi; "
          + "rm -f -- \"$t\"; exit 1";

  private final Transport node;
  private final String path;

  private ConfigFile(Transport node, String path) {
    this.node = node;
    this.path = path;
  }

  static ConfigFile of(Transport node, String path) {
    return new ConfigFile(node, path);
  }

  Snapshot read() throws DriverException {
    String text =
        node.readFile(path)
            .orElseThrow(() -> new DriverException("PgBouncer's file " + path + " is missing", ""));
    return new Snapshot(path, text, sha256(text));
  }

  /**
   * Points {@code database} at {@code host:port} in the file as it was in {@code before}; if it
   * changed since, reads it again and rewrites that once.
   */
  Snapshot replace(Snapshot before, String database, String host, int port) throws DriverException {
    return onceMoreIfChanged(
        before,
        s -> {
          Rewrite w = rewrite(SCRIPT, s, database, host, port);
          return w == null ? null : w.after();
        });
  }

  /**
   * Writes the file as {@link #replace} would, beside it with its mode and owner, if it is still
   * {@code before} (else reads it again and writes that once); {@link #commit} puts it in place.
   */
  Prepared prepare(Snapshot before, String database, String host, int port) throws DriverException {
    return onceMoreIfChanged(
        before,
        s -> {
          Rewrite w = rewrite(PREPARE, s, database, host, port);
          if (w == null) {
            return null;
          }
          String file = w.result().stdout().isEmpty() ? path : w.result().stdout();
          return new Prepared(file, file + ".baton-tmp", w.after());
        });
  }

  /** One try at a rewrite from a snapshot: its result, or null when the file was not that. */
  private interface Attempt<T> {
    T from(Snapshot s) throws DriverException;
  }

  /** Tries {@code attempt} on {@code before}, and once more on the file read again. */
  private <T> T onceMoreIfChanged(Snapshot before, Attempt<T> attempt) throws DriverException {
    T done = attempt.from(before);
    if (done == null) {
      done = attempt.from(read());
    }
    if (done == null) {
      throw new DriverException(path + " changed twice while Baton rewrote it; try again", "");
    }
    return done;
  }

  /**
   * Renames a prepared rewrite over the file: one command, with no shell. An edit made between the
   * prepare and now (a few milliseconds: the PAUSE) would be lost; the rewrite checked it had none.
   */
  Snapshot commit(Prepared p) throws DriverException {
    CommandResult r =
        node.run(Command.of(Duration.ofSeconds(15), "mv", "-f", "--", p.temp(), p.file()));
    if (!r.ok()) {
      throw new DriverException(
          "could not rewrite " + path + " (exit " + r.exitCode() + "): " + firstLine(r.stderr()),
          "");
    }
    return p.after();
  }

  /** Removes a prepared rewrite that will not be committed. */
  void discard(Prepared p) throws DriverException {
    node.run(Command.of(Duration.ofSeconds(15), "rm", "-f", "--", p.temp()));
  }

  private String repointed(Snapshot before, String database, String host, int port)
      throws DriverException {
    String after;
    try {
      after = DatabaseEntry.repoint(path, before.text(), database, host, port);
    } catch (IllegalStateException e) {
      throw new DriverException(e.getMessage(), "");
    }
    if (after.length() > MAX_CHARS) {
      throw new DriverException(
          "refusing to rewrite " + path + ": it has more than " + MAX_CHARS + " characters", "");
    }
    return after;
  }

  /** What a rewrite's command printed, and the file it wrote. */
  private record Rewrite(CommandResult result, Snapshot after) {}

  /**
   * Runs {@code script} (which checks the file is still {@code before}) with the file repointed;
   * null when the file was no longer {@code before}.
   */
  private Rewrite rewrite(String script, Snapshot before, String database, String host, int port)
      throws DriverException {
    String after = repointed(before, database, host, port);
    // The command carries the whole file, which may hold passwords: never quote it.
    CommandResult r =
        node.run(
            Command.of(
                Duration.ofSeconds(15), "sh", "-c", script, "sh", path, after, before.sha256()));
    if (r.exitCode() == CHANGED) {
      return null;
    }
    requireWritten(r);
    return new Rewrite(r, new Snapshot(path, after, sha256(after)));
  }

  private void requireWritten(CommandResult r) throws DriverException {
    if (r.exitCode() == OWNER) {
      throw new DriverException(
          "refusing to rewrite "
              + path
              + ": it belongs to another user than the node's login user, and a rewrite would"
              + " change its owner",
          "");
    }
    if (!r.ok()) {
      throw new DriverException(
          "could not rewrite " + path + " (exit " + r.exitCode() + "): " + firstLine(r.stderr()),
          "");
    }
  }

  /** Where {@code database}'s entry points in this content, as {@code host:port}. */
  static String target(Snapshot file, String database) throws DriverException {
    try {
      return DatabaseEntry.target(file.path(), file.text(), database);
    } catch (IllegalStateException e) {
      throw new DriverException(e.getMessage(), "");
    }
  }

  private static String firstLine(String s) {
    return s.strip()
        .lines()
        .findFirst()
        .orElse("no error output")
        .replaceAll("(?i)password=\\S*", "password=***");
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
