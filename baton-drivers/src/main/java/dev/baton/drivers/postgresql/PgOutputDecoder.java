package dev.baton.drivers.postgresql;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads the messages of PostgreSQL's pgoutput plugin, protocol version 1 (the documentation's
 * "Logical Replication Message Formats"): one message per row that {@code
 * pg_logical_slot_peek_binary_changes} returns. Integers are big-endian, strings end with a zero
 * byte.
 */
final class PgOutputDecoder {

  private PgOutputDecoder() {}

  /** One pgoutput message. */
  sealed interface Message
      permits Begin,
          Commit,
          Origin,
          Relation,
          Type,
          Insert,
          Update,
          Delete,
          Truncate,
          LogicalMessage {}

  record Begin(long finalLsn, long commitTime, int xid) implements Message {}

  record Commit(int flags, long commitLsn, long endLsn, long commitTime) implements Message {}

  /** The transaction came from another server through a subscription (its origin's name). */
  record Origin(long commitLsn, String name) implements Message {}

  /** A column of a {@link Relation}; {@code key} when it is part of the replica identity. */
  record Column(boolean key, String name, int typeOid, int typmod) {}

  /** A table's description, sent before the first change of it that a decoding session sends. */
  record Relation(
      int oid, String namespace, String name, char replicaIdentity, List<Column> columns)
      implements Message {

    Relation {
      columns = List.copyOf(columns);
    }

    /** {@code schema.name}; pgoutput leaves the namespace empty for pg_catalog. */
    String qualified() {
      return (namespace.isEmpty() ? "pg_catalog" : namespace) + "." + name;
    }
  }

  record Type(int oid, String namespace, String name) implements Message {}

  record Insert(int relation, Tuple row) implements Message {}

  /**
   * {@code oldKind} is {@code 'K'} (the old key, sent when the key changed), {@code 'O'} (the whole
   * old row, under REPLICA IDENTITY FULL) or 0 when no old tuple was sent; {@code old} is null
   * then.
   */
  record Update(int relation, char oldKind, Tuple old, Tuple row) implements Message {}

  /** {@code oldKind} is {@code 'K'} (the key) or {@code 'O'} (the whole row). */
  record Delete(int relation, char oldKind, Tuple old) implements Message {}

  record Truncate(int options, List<Integer> relations) implements Message {

    Truncate {
      relations = List.copyOf(relations);
    }
  }

  /** A message written by pg_logical_emit_message (only sent when asked for). */
  record LogicalMessage(int flags, long lsn, String prefix, byte[] content) implements Message {}

  /** One column's value in a tuple: {@code 'n'} null, {@code 'u'} unchanged TOAST, text. */
  record Value(char kind, String text) {

    static final Value NULL = new Value('n', null);
    static final Value UNCHANGED = new Value('u', null);

    /** As an operator reads it: the text, {@code null}, or {@code (unchanged)}. */
    String display() {
      return switch (kind) {
        case 'n' -> "null";
        case 'u' -> "(unchanged)";
        default -> text;
      };
    }
  }

  record Tuple(List<Value> values) {

    Tuple {
      values = List.copyOf(values);
    }
  }

  /** Decodes one message; throws IllegalArgumentException naming what is malformed. */
  static Message decode(byte[] data) {
    ByteBuffer b = ByteBuffer.wrap(data);
    if (!b.hasRemaining()) {
      throw new IllegalArgumentException("an empty pgoutput message");
    }
    char kind = (char) b.get();
    try {
      Message m = decode(kind, b);
      if (b.hasRemaining()) {
        throw new IllegalArgumentException(
            "pgoutput message '" + kind + "' has " + b.remaining() + " bytes more than it says");
      }
      return m;
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException(
          "pgoutput message '" + kind + "' ends early (" + data.length + " bytes)", e);
    }
  }

  private static Message decode(char kind, ByteBuffer b) {
    return switch (kind) {
      case 'B' -> new Begin(b.getLong(), b.getLong(), b.getInt());
      case 'C' -> new Commit(b.get(), b.getLong(), b.getLong(), b.getLong());
      case 'O' -> new Origin(b.getLong(), string(b));
      case 'R' -> relation(b);
      case 'Y' -> new Type(b.getInt(), string(b), string(b));
      case 'I' -> new Insert(b.getInt(), expect(b, 'N', "insert"));
      case 'U' -> update(b);
      case 'D' -> delete(b);
      case 'T' -> truncate(b);
      case 'M' -> logicalMessage(b);
      default ->
          throw new IllegalArgumentException(
              "unknown pgoutput message '" + kind + "' (0x" + Integer.toHexString(kind) + ")");
    };
  }

  private static Relation relation(ByteBuffer b) {
    int oid = b.getInt();
    String namespace = string(b);
    String name = string(b);
    char identity = (char) b.get();
    int n = b.getShort();
    List<Column> columns = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      boolean key = (b.get() & 1) != 0;
      columns.add(new Column(key, string(b), b.getInt(), b.getInt()));
    }
    return new Relation(oid, namespace, name, identity, columns);
  }

  private static Update update(ByteBuffer b) {
    int relation = b.getInt();
    char next = (char) b.get();
    if (next == 'K' || next == 'O') {
      Tuple old = tuple(b);
      return new Update(relation, next, old, expect(b, 'N', "update"));
    }
    if (next != 'N') {
      throw new IllegalArgumentException("update: expected 'K', 'O' or 'N', got '" + next + "'");
    }
    return new Update(relation, (char) 0, null, tuple(b));
  }

  private static Delete delete(ByteBuffer b) {
    int relation = b.getInt();
    char kind = (char) b.get();
    if (kind != 'K' && kind != 'O') {
      throw new IllegalArgumentException("delete: expected 'K' or 'O', got '" + kind + "'");
    }
    return new Delete(relation, kind, tuple(b));
  }

  private static Truncate truncate(ByteBuffer b) {
    int n = b.getInt();
    int options = b.get();
    List<Integer> relations = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      relations.add(b.getInt());
    }
    return new Truncate(options, relations);
  }

  private static LogicalMessage logicalMessage(ByteBuffer b) {
    int flags = b.get();
    long lsn = b.getLong();
    String prefix = string(b);
    byte[] content = new byte[b.getInt()];
    b.get(content);
    return new LogicalMessage(flags, lsn, prefix, content);
  }

  private static Tuple expect(ByteBuffer b, char tag, String what) {
    char got = (char) b.get();
    if (got != tag) {
      throw new IllegalArgumentException(what + ": expected '" + tag + "', got '" + got + "'");
    }
    return tuple(b);
  }

  private static Tuple tuple(ByteBuffer b) {
    int n = b.getShort();
    List<Value> values = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      char kind = (char) b.get();
      values.add(
          switch (kind) {
            case 'n' -> Value.NULL;
            case 'u' -> Value.UNCHANGED;
            case 't' -> new Value('t', new String(bytes(b), StandardCharsets.UTF_8));
              // Binary values (the 'binary' option) have no portable text form: shown as hex.
            case 'b' -> new Value('b', "\\x" + HexFormat.of().formatHex(bytes(b)));
            default ->
                throw new IllegalArgumentException("unknown tuple value kind '" + kind + "'");
          });
    }
    return new Tuple(values);
  }

  private static byte[] bytes(ByteBuffer b) {
    int len = b.getInt();
    if (len < 0 || len > b.remaining()) {
      throw new IllegalArgumentException(
          "a value of " + len + " bytes where " + b.remaining() + " remain");
    }
    byte[] out = new byte[len];
    b.get(out);
    return out;
  }

  private static String string(ByteBuffer b) {
    int start = b.position();
    int end = start;
    while (end < b.limit() && b.get(end) != 0) {
      end++;
    }
    if (end >= b.limit()) {
      throw new IllegalArgumentException("a string without its ending zero byte");
    }
    String s = new String(b.array(), start, end - start, StandardCharsets.UTF_8);
    b.position(end + 1);
    return s;
  }
}
