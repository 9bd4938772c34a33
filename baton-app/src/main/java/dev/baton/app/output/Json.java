package dev.baton.app.output;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.baton.model.Version;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

/** One JSON writer for every {@code --output json}. */
public final class Json {
  // Times print as ISO-8601 text; that needs no extra Jackson module.
  private static final ObjectMapper MAPPER =
      new ObjectMapper(new JsonFactory().setCharacterEscapes(JsonEscapes.INSTANCE))
          .enable(SerializationFeature.INDENT_OUTPUT)
          .registerModule(
              new SimpleModule()
                  .addSerializer(Instant.class, ToStringSerializer.instance)
                  .addSerializer(Duration.class, ToStringSerializer.instance)
                  .addSerializer(Version.class, ToStringSerializer.instance)
                  .addSerializer(Enum.class, new LowerCaseEnum()));

  /** Enums print as the lower-case words the CLI and journal use ({@code done}, {@code halted}). */
  @SuppressWarnings("rawtypes")
  private static final class LowerCaseEnum extends StdSerializer<Enum> {
    LowerCaseEnum() {
      super(Enum.class);
    }

    @Override
    public void serialize(Enum value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeString(value.name().toLowerCase(java.util.Locale.ROOT));
    }
  }

  private Json() {}

  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
