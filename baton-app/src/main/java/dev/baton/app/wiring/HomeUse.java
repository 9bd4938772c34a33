package dev.baton.app.wiring;

import dev.baton.app.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a command needs of Baton's home. Each use checks the home before anything runs and says in
 * one sentence what is wrong with it; only {@link #CREATE} ever creates it.
 */
public enum HomeUse {
  /** Reads what is recorded (status, report, plan): a missing home holds nothing yet. */
  READ,
  /** Adds to a run already recorded (approve, resume, abort): a missing home holds no run. */
  UPDATE,
  /** Records a new run: a missing home is created, but never its missing parents. */
  CREATE;

  /** Checks {@code home} for this use, creating it for {@link #CREATE} when it is missing. */
  public void check(Home home) throws UsageException {
    Path dir = home.dir();
    if (Files.notExists(dir)) {
      if (this == CREATE) {
        create(dir);
      }
      return;
    }
    if (!Files.isDirectory(dir)) {
      throw new UsageException(
          "home " + dir + " is a file, not a directory; name a directory with --home");
    }
    if (!Files.isReadable(dir) || !Files.isExecutable(dir)) {
      throw new UsageException("home " + dir + " is a directory Baton cannot read");
    }
    boolean writes = this == CREATE || (this == UPDATE && Files.exists(home.journalFile()));
    if (writes && !(Files.isWritable(dir) && writableIfThere(home.journalFile()))) {
      throw new UsageException("home " + dir + " is a directory Baton cannot write to");
    }
  }

  private static boolean writableIfThere(Path file) {
    return Files.notExists(file) || Files.isWritable(file);
  }

  private static void create(Path dir) throws UsageException {
    Path parent = dir.getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new UsageException(
          "home "
              + dir
              + " does not exist, and neither does the directory it would be in; create "
              + parent
              + " first or name another home with --home");
    }
    if (!Files.isWritable(parent)) {
      throw new UsageException("home " + dir + " cannot be created: " + parent + " is read-only");
    }
    try {
      Files.createDirectory(dir);
    } catch (IOException e) {
      throw new UsageException("home " + dir + " cannot be created: " + e.getMessage());
    }
  }
}
