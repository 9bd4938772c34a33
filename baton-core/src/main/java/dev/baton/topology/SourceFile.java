package dev.baton.topology;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads an input file as text, or says in plain words why it cannot, at the file's 1:1. */
public final class SourceFile {

  private SourceFile() {}

  /**
   * The text of {@code file}; {@code what} names it in an error before its path, e.g. "the pack "
   * ("cannot read the pack packs/x.yaml: no such file"), or is empty.
   */
  public static String read(Path file, String what) throws BadInputException {
    try {
      String text = Files.readString(file);
      // Editors on Windows may start the file with a byte-order mark; YAML has no use for it.
      return text.startsWith("\uFEFF") ? text.substring(1) : text;
    } catch (IOException e) {
      String message = "cannot read " + what + file + ": " + reason(file, e);
      throw new BadInputException(new InputError(file.toString(), 1, 1, message));
    }
  }

  private static String reason(Path file, IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    } else if (e instanceof AccessDeniedException) {
      return "permission denied";
    } else if (e instanceof MalformedInputException) {
      return "it is not UTF-8 text";
    } else if (Files.isDirectory(file)) {
      return "it is a directory";
    }
    return e.getMessage() == null ? "an I/O error" : e.getMessage();
  }
}
