package dev.baton.topology;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
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
      String text = decode(file, what);
      // Editors on Windows may start the file with a byte-order mark; YAML has no use for it.
      return text.startsWith("\uFEFF") ? text.substring(1) : text;
    } catch (IOException e) {
      String message = "cannot read " + what + file + ": " + reason(file, e);
      throw new BadInputException(new InputError(file.toString(), 1, 1, message));
    }
  }

  // Up to four bytes a character: enough for any file InputLimits accepts, and a bound on what is
  // read from a device such as /dev/zero, whose size says nothing.
  private static final int MAX_BYTES = 4 * InputLimits.MAX_CHARS;

  private static String decode(Path file, String what) throws IOException, BadInputException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    }
    if (bytes.length > MAX_BYTES) {
      throw new BadInputException(
          new InputError(
              file.toString(),
              1,
              1,
              "cannot read " + what + file + ": it is larger than " + MAX_BYTES + " bytes"));
    }
    return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
  }

  private static String reason(Path file, IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    } else if (e instanceof AccessDeniedException) {
      return "permission denied";
    } else if (e instanceof CharacterCodingException) {
      return "it is not UTF-8 text";
    } else if (Files.isDirectory(file)) {
      return "it is a directory";
    }
    return e.getMessage() == null ? "an I/O error" : e.getMessage();
  }
}
