package dev.baton.app.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every output format shows a string as text: it cannot add structure to the document. */
class EscapingTest {

  private static final String HOSTILE =
      "eve\n# INJECTED HEADING | *bold* _it_ [link](http://x) <img src=x> `code` &amp; \u202e\0";

  @Test
  void markdownTextCannotStartAHeadingARowALinkOrATag() {
    String md = Markdown.text(HOSTILE);
    assertEquals(
        "eve\\\\n\\# INJECTED HEADING \\| \\*bold\\* \\_it\\_ \\[link\\](http://x)"
            + " \\<img src=x\\> \\`code\\` \\&amp; \\\\u202e\\\\u0000",
        md);
    assertFalse(md.contains("\n"), md);
    assertEquals("\\- not a list", Markdown.text("- not a list"));
    assertEquals("\\# not a heading", Markdown.text("# not a heading"));
  }

  @Test
  void markdownCodeAndBlocksCannotBeClosedByWhatTheyHold() {
    assertEquals("``a`b\\|c``", Markdown.code("a`b|c"));
    String block = Markdown.block("line\n```\n# out of the block\u202e");
    assertTrue(block.startsWith("````\n"), block);
    assertTrue(block.endsWith("\n````\n"), block);
    assertTrue(block.contains("# out of the block\\u202e"), block);
  }

  @Test
  void htmlTextCannotAddAnElementOrAnAttribute() {
    assertEquals(
        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &quot;a&quot; &amp;amp; \\u202e",
        Html.text("<script>alert('x')</script> \"a\" &amp; \u202e"));
  }

  @Test
  void jsonEscapesControlAndFormatCharactersAndReadsBackTheSameText() throws Exception {
    String json = Json.write(Map.of("by", HOSTILE + "\u2028\u007f"));
    assertFalse(json.contains("\u202e") || json.contains("\u2028") || json.contains("\u007f"));
    assertTrue(json.contains("\\u202e") && json.contains("\\u0000"), json);
    assertEquals(HOSTILE + "\u2028\u007f", new ObjectMapper().readTree(json).get("by").asText());
  }
}
