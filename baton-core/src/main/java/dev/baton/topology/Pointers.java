package dev.baton.topology;

import com.fasterxml.jackson.core.JsonPointer;

/** JSON pointers into an input tree, and the dotted paths operators read in messages. */
public final class Pointers {

  private Pointers() {}

  public static String child(String pointer, String key) {
    return JsonPointer.compile(pointer).appendProperty(key).toString();
  }

  public static String child(String pointer, int index) {
    return JsonPointer.compile(pointer).appendIndex(index).toString();
  }

  public static String parent(String pointer) {
    return pointer.substring(0, Math.max(0, pointer.lastIndexOf('/')));
  }

  /** {@code /components/0/version} becomes {@code components[0].version}. */
  public static String human(String pointer) {
    StringBuilder out = new StringBuilder();
    for (JsonPointer p = JsonPointer.compile(pointer); !p.matches(); p = p.tail()) {
      if (p.getMatchingIndex() >= 0) {
        out.append('[').append(p.getMatchingIndex()).append(']');
      } else {
        out.append(out.length() == 0 ? "" : ".").append(p.getMatchingProperty());
      }
    }
    return out.toString();
  }
}
