package dev.baton.demo;

import dev.baton.testkit.Dirs;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Removes a scratch directory tree that a command made for itself, warning if it cannot. */
final class Scratch {
  private Scratch() {}

  static void delete(Path root) {
    try {
      Dirs.deleteTree(root);
    } catch (UncheckedIOException e) {
      System.err.println("warning: could not remove " + root + ": " + e.getMessage());
    }
  }
}
