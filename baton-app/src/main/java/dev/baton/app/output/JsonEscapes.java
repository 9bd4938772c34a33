package dev.baton.app.output;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * JSON escaping beyond what the format requires: besides the control characters JSON escapes
 * anyway, DEL and every format or separator character (U+202E right-to-left override, U+2028) is
 * written as a {@code \\uXXXX} escape, so a terminal or a page showing the JSON shows them too.
 */
public final class JsonEscapes extends CharacterEscapes {

  public static final JsonEscapes INSTANCE = new JsonEscapes();

  private final int[] ascii;

  private JsonEscapes() {
    ascii = standardAsciiEscapesForJSON();
    ascii[0x7f] = ESCAPE_STANDARD;
  }

  @Override
  public int[] getEscapeCodesForAscii() {
    return ascii;
  }

  @Override
  public SerializableString getEscapeSequence(int ch) {
    return Visible.hidden(ch) ? new SerializedString(String.format("\\u%04x", ch)) : null;
  }
}
