package dev.baton.app.cli;

import dev.baton.app.UsageException;
import dev.baton.app.output.Visible;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * A file the operator names for Baton to write ({@code --events}, {@code --out}), checked before
 * anything runs. Baton creates the file but never a missing directory above it: a mistyped path
 * should be refused, not grown into a tree of directories.
 */
final class OutputFile {
  private OutputFile() {}

  /** The path of {@code value}, or a sentence saying why {@code flag} cannot write to it. */
  static Path check(String flag, String value) throws UsageException {
    String named = flag + " " + Visible.text(value) + ": cannot write: ";
    Path p;
    try {
      p = Path.of(value).toAbsolutePath();
    } catch (InvalidPathException e) {
      throw new UsageException(named + "not a path (" + e.getReason() + ")");
    }
    if (Files.isDirectory(p)) {
      throw new UsageException(named + "it is a directory");
    }
    if (Files.exists(p)) {
      if (!Files.isWritable(p)) {
        throw new UsageException(named + "permission denied");
      }
      return p;
    }
    Path parent = p.getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new UsageException(named + "directory " + parent + " does not exist");
    }
    if (!Files.isWritable(parent)) {
      throw new UsageException(named + "directory " + parent + " is read-only");
    }
    return p;
  }
}
