package dev.baton.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.TreeMap;

/** String maps as JSON text with sorted keys, so equal maps are stored as equal text. */
final class Json {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};

  private Json() {}

  static String write(Map<String, String> map) {
    try {
      return MAPPER.writeValueAsString(new TreeMap<>(map));
    } catch (JsonProcessingException e) {
      // A map of strings always serialises; reaching this is a bug, not bad input.
      throw new IllegalStateException("cannot write a string map as JSON", e);
    }
  }

  /** Parses a JSON object of strings; throws IllegalArgumentException when the text is not one. */
  static Map<String, String> read(String json) {
    try {
      Map<String, String> map = MAPPER.readValue(json, STRING_MAP);
      if (map == null) {
        throw new IllegalArgumentException("not a JSON object of strings: null");
      }
      return map;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a JSON object of strings: " + e.getOriginalMessage());
    }
  }
}
