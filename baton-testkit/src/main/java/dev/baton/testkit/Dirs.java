package dev.baton.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Deletes the directory trees that test servers wrote, even while they are still exiting. */
public final class Dirs {

  private Dirs() {}

  /** Deletes {@code dir} and everything under it; a missing directory is fine. */
  public static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      List<Path> deepestFirst = walk.sorted(Comparator.reverseOrder()).toList();
      for (Path p : deepestFirst) {
        deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }

  private static void deleteIfExists(Path p) throws IOException {
    try {
      Files.deleteIfExists(p);
    } catch (NoSuchFileException e) {
      // A server process removed it while we walked (a journal, a pid file); that is fine.
    }
  }
}
