package dev.baton.drivers.postgresql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.baton.drivers.postgresql.PgOutputDecoder.Begin;
import dev.baton.drivers.postgresql.PgOutputDecoder.Column;
import dev.baton.drivers.postgresql.PgOutputDecoder.Commit;
import dev.baton.drivers.postgresql.PgOutputDecoder.Delete;
import dev.baton.drivers.postgresql.PgOutputDecoder.Insert;
import dev.baton.drivers.postgresql.PgOutputDecoder.Origin;
import dev.baton.drivers.postgresql.PgOutputDecoder.Relation;
import dev.baton.drivers.postgresql.PgOutputDecoder.Truncate;
import dev.baton.drivers.postgresql.PgOutputDecoder.Type;
import dev.baton.drivers.postgresql.PgOutputDecoder.Update;
import dev.baton.drivers.postgresql.PgOutputDecoder.Value;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** pgoutput messages built byte by byte as the documentation lays them out. */
class PgOutputDecoderTest {

  /** A message under construction: big-endian integers, zero-terminated strings. */
  private static final class Bytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static Bytes msg(char kind) {
      return new Bytes().i8(kind);
    }

    Bytes i8(int v) {
      out.write(v);
      return this;
    }

    Bytes i16(int v) {
      return i8(v >>> 8).i8(v);
    }

    Bytes i32(int v) {
      return i16(v >>> 16).i16(v);
    }

    Bytes i64(long v) {
      return i32((int) (v >>> 32)).i32((int) v);
    }

    Bytes str(String s) {
      out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
      return i8(0);
    }

    /** TupleData: each value null ({@code null}), unchanged TOAST ({@code "\u0000u"}) or text. */
    Bytes tuple(String... values) {
      i16(values.length);
      for (String v : values) {
        if (v == null) {
          i8('n');
        } else if (v.equals("\u0000u")) {
          i8('u');
        } else {
          byte[] b = v.getBytes(StandardCharsets.UTF_8);
          i8('t').i32(b.length);
          out.writeBytes(b);
        }
      }
      return this;
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }

  private static final String UNCHANGED = "\u0000u";

  /** public.items (id bigint key, side text, note text), as pgoutput describes it. */
  private static byte[] items() {
    return Bytes.msg('R')
        .i32(16390)
        .str("public")
        .str("items")
        .i8('d')
        .i16(3)
        .i8(1)
        .str("id")
        .i32(20)
        .i32(-1)
        .i8(0)
        .str("side")
        .i32(25)
        .i32(-1)
        .i8(0)
        .str("note")
        .i32(25)
        .i32(-1)
        .bytes();
  }

  @Test
  void aRelationNamesItsTableAndMarksItsKeyColumns() {
    Relation r = (Relation) PgOutputDecoder.decode(items());

    assertEquals(16390, r.oid());
    assertEquals("public.items", r.qualified());
    assertEquals('d', r.replicaIdentity());
    assertEquals(
        List.of(
            new Column(true, "id", 20, -1),
            new Column(false, "side", 25, -1),
            new Column(false, "note", 25, -1)),
        r.columns());
  }

  @Test
  void anInsertCarriesTextNullAndUnchangedValues() {
    Insert i =
        (Insert)
            PgOutputDecoder.decode(
                Bytes.msg('I').i32(16390).i8('N').tuple("42", null, UNCHANGED).bytes());

    assertEquals(16390, i.relation());
    assertEquals(List.of(new Value('t', "42"), Value.NULL, Value.UNCHANGED), i.row().values());
    assertEquals("null", i.row().values().get(1).display());
  }

  @Test
  void anUpdateHasAnOldKeyOrOldRowOnlyWhenOneWasSent() {
    Update plain =
        (Update) PgOutputDecoder.decode(Bytes.msg('U').i32(7).i8('N').tuple("4", "B", "x").bytes());
    Update keyed =
        (Update)
            PgOutputDecoder.decode(
                Bytes.msg('U')
                    .i32(7)
                    .i8('K')
                    .tuple("4", null, null)
                    .i8('N')
                    .tuple("6", "B", "x")
                    .bytes());
    Update full =
        (Update)
            PgOutputDecoder.decode(
                Bytes.msg('U')
                    .i32(7)
                    .i8('O')
                    .tuple("4", "B", "old")
                    .i8('N')
                    .tuple("4", "B", "new")
                    .bytes());

    assertEquals(0, plain.oldKind());
    assertNull(plain.old());
    assertEquals("x", plain.row().values().get(2).text());
    assertEquals('K', keyed.oldKind());
    assertEquals("4", keyed.old().values().get(0).text());
    assertEquals("6", keyed.row().values().get(0).text());
    assertEquals('O', full.oldKind());
    assertEquals("old", full.old().values().get(2).text());
  }

  @Test
  void aDeleteCarriesTheOldKey() {
    Delete d =
        (Delete)
            PgOutputDecoder.decode(Bytes.msg('D').i32(7).i8('K').tuple("6", null, null).bytes());

    assertEquals('K', d.oldKind());
    assertEquals("6", d.old().values().get(0).text());
  }

  @Test
  void beginCommitOriginTypeAndTruncateDecodeTheirFields() {
    assertEquals(
        new Begin(0x1_0000_0010L, 770_000_000_000L, 731),
        PgOutputDecoder.decode(
            Bytes.msg('B').i64(0x1_0000_0010L).i64(770_000_000_000L).i32(731).bytes()));
    assertEquals(
        new Commit(0, 0x1_0000_0010L, 0x1_0000_0040L, 770_000_000_000L),
        PgOutputDecoder.decode(
            Bytes.msg('C')
                .i8(0)
                .i64(0x1_0000_0010L)
                .i64(0x1_0000_0040L)
                .i64(770_000_000_000L)
                .bytes()));
    assertEquals(
        new Origin(0x30L, "pg_16400"),
        PgOutputDecoder.decode(Bytes.msg('O').i64(0x30L).str("pg_16400").bytes()));
    assertEquals(
        new Type(16500, "public", "mood"),
        PgOutputDecoder.decode(Bytes.msg('Y').i32(16500).str("public").str("mood").bytes()));
    assertEquals(
        new Truncate(1, List.of(7, 9)),
        PgOutputDecoder.decode(Bytes.msg('T').i32(2).i8(1).i32(7).i32(9).bytes()));
  }

  @Test
  void aShortUnknownOrOverlongMessageIsRefusedWithWhatIsWrong() {
    byte[] full = Bytes.msg('I').i32(7).i8('N').tuple("42").bytes();
    byte[] cut = java.util.Arrays.copyOf(full, full.length - 1);
    byte[] longer = java.util.Arrays.copyOf(full, full.length + 1);

    assertEquals(
        "a value of 2 bytes where 1 remain",
        assertThrows(IllegalArgumentException.class, () -> PgOutputDecoder.decode(cut))
            .getMessage());
    assertEquals(
        "unknown pgoutput message 'Z' (0x5a)",
        assertThrows(
                IllegalArgumentException.class,
                () -> PgOutputDecoder.decode(Bytes.msg('Z').bytes()))
            .getMessage());
    assertEquals(
        "pgoutput message 'I' has 1 bytes more than it says",
        assertThrows(IllegalArgumentException.class, () -> PgOutputDecoder.decode(longer))
            .getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> PgOutputDecoder.decode(Bytes.msg('Y').i32(1).i8('p').bytes()));
  }

  @Test
  void theCollectorCountsEachTablesChangesByKeyAndSaysSoInOneLine() {
    SplitChanges.Collector c = new SplitChanges.Collector();
    List<byte[]> stream =
        List.of(
            Bytes.msg('B').i64(0x10).i64(0).i32(1).bytes(),
            items(),
            Bytes.msg('I').i32(16390).i8('N').tuple("42", "B", null).bytes(),
            Bytes.msg('U').i32(16390).i8('N').tuple("4", "B", "changed").bytes(),
            Bytes.msg('U')
                .i32(16390)
                .i8('K')
                .tuple("8", null, null)
                .i8('N')
                .tuple("10", "B", null)
                .bytes(),
            Bytes.msg('C').i8(0).i64(0x10).i64(0x20).i64(0).bytes(),
            Bytes.msg('B').i64(0x30).i64(0).i32(2).bytes(),
            Bytes.msg('D').i32(16390).i8('K').tuple("6", null, null).bytes(),
            Bytes.msg('T').i32(1).i8(0).i32(16390).bytes(),
            Bytes.msg('C').i8(0).i64(0x30).i64(0x40).i64(0).bytes());
    for (byte[] m : stream) {
      c.accept(PgOutputDecoder.decode(m));
    }

    SplitChanges s = c.done("pg-b", "main", "sub_a", Instant.parse("2026-01-02T03:04:05Z"));

    assertEquals(
        List.of(
            new SplitChanges.Change(SplitChanges.Op.INSERT, "id=42"),
            new SplitChanges.Change(SplitChanges.Op.UPDATE, "id=4"),
            new SplitChanges.Change(SplitChanges.Op.UPDATE, "id=8 -> id=10"),
            new SplitChanges.Change(SplitChanges.Op.DELETE, "id=6")),
        s.tables().get(0).changes());
    assertEquals(
        "pg-b's changes in main the other side never applied: public.items 1 insert, 2 updates,"
            + " 1 delete, truncated once (5 changes in 2 transactions since 2026-01-02T03:04:05Z)",
        s.summary());
    assertEquals(
        "pg-b: changes in main the other side never applied since 2026-01-02T03:04:05Z (split"
            + " slot sub_a, 2 transactions)\n"
            + "public.items: 1 insert, 2 updates, 1 delete, truncated once\n"
            + "  insert id=42\n"
            + "  update id=4\n"
            + "  update id=8 -> id=10\n"
            + "  delete id=6\n",
        s.report());
  }

  @Test
  void aChangeOfATableNoRelationMessageDescribedIsRefused() {
    SplitChanges.Collector c = new SplitChanges.Collector();

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                c.accept(
                    PgOutputDecoder.decode(Bytes.msg('I').i32(99).i8('N').tuple("1").bytes())));
    assertEquals(
        "a change of relation 99 before any Relation message described it", e.getMessage());
  }
}
