package dev.baton.drivers.pooler;

import dev.baton.engine.DriverException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One connection to PgBouncer's admin console (its {@code pgbouncer} database). It speaks the
 * PostgreSQL wire protocol's simple query flow itself: the console knows no other, and pgjdbc since
 * 42.7.5 opens every connection with a {@code SET extra_float_digits} that a console before 1.25
 * refuses. Passwords go by SCRAM-SHA-256, MD5 or clear text, as the pooler asks.
 */
final class AdminConsole implements AutoCloseable {

  /** What one command answered: its tag (e.g. {@code PAUSE}) and its rows, by column. */
  record Answer(String tag, List<Map<String, String>> rows) {}

  /** A command did not answer within its bound; the connection is closed and unusable. */
  static final class Timeout extends DriverException {
    private static final long serialVersionUID = 1L;

    Timeout(String message) {
      super(message, "");
    }
  }

  private static final int PROTOCOL_3 = 196608;

  private final Socket socket;
  private final DataInputStream in;
  private final DataOutputStream out;
  private final String where;

  private AdminConsole(Socket socket, String where) throws IOException {
    this.socket = socket;
    this.where = where;
    this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
    this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
  }

  /** Connects and logs in as {@code user}; {@code password} may be null when none is asked. */
  static AdminConsole open(
      InetSocketAddress at, String where, String user, String password, Duration timeout)
      throws DriverException {
    Socket s = new Socket();
    try {
      s.setTcpNoDelay(true);
      s.connect(at, (int) timeout.toMillis());
      s.setSoTimeout((int) timeout.toMillis());
      AdminConsole c = new AdminConsole(s, where);
      c.login(user, password);
      return c;
    } catch (IOException e) {
      closeQuietly(s);
      throw new DriverException(
          "cannot reach the admin console of " + where + ": " + e.getMessage(), "");
    } catch (DriverException e) {
      closeQuietly(s);
      throw e;
    }
  }

  private void login(String user, String password) throws IOException, DriverException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    DataOutputStream b = new DataOutputStream(body);
    b.writeInt(PROTOCOL_3);
    for (String s :
        new String[] {"user", user, "database", "pgbouncer", "application_name", "baton"}) {
      cstring(b, s);
    }
    b.writeByte(0);
    out.writeInt(body.size() + 4);
    body.writeTo(out);
    out.flush();
    Scram scram = null;
    while (true) {
      Message m = read();
      switch (m.type) {
        case 'R' -> scram = authenticate(m, user, password, scram);
        case 'E' ->
            throw new DriverException(
                "the admin console of " + where + " refused " + user + ": " + error(m), "");
        case 'Z' -> {
          return;
        }
        default -> {
          // ParameterStatus, BackendKeyData, notices: nothing Baton needs.
        }
      }
    }
  }

  private Scram authenticate(Message m, String user, String password, Scram scram)
      throws IOException, DriverException {
    DataInputStream p = m.payload();
    int code = p.readInt();
    if (code == 0) {
      return scram;
    }
    if (password == null) {
      throw new DriverException(
          "the admin console of "
              + where
              + " asks "
              + user
              + " for a password, and none is set"
              + " (entry point property adminPassword names the secret)",
          "");
    }
    try {
      switch (code) {
        case 3 -> send('p', cstringBytes(password));
        case 5 -> {
          byte[] salt = p.readNBytes(4);
          send(
              'p',
              cstringBytes(
                  "md5" + md5(md5(password + user).getBytes(StandardCharsets.UTF_8), salt)));
        }
        case 10 -> {
          Scram s = new Scram(password);
          byte[] first = s.clientFirst().getBytes(StandardCharsets.UTF_8);
          ByteArrayOutputStream body = new ByteArrayOutputStream();
          DataOutputStream b = new DataOutputStream(body);
          cstring(b, Scram.MECHANISM);
          b.writeInt(first.length);
          b.write(first);
          send('p', body.toByteArray());
          return s;
        }
        case 11 ->
            send(
                'p',
                scram
                    .clientFinal(new String(p.readAllBytes(), StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.UTF_8));
        case 12 -> {
          if (!scram.serverProven(new String(p.readAllBytes(), StandardCharsets.UTF_8))) {
            throw new DriverException(
                "the admin console of " + where + " did not prove it knows the password", "");
          }
        }
        default ->
            throw new DriverException(
                "the admin console of "
                    + where
                    + " asks for authentication method "
                    + code
                    + ", which Baton does not speak (use scram-sha-256 or md5)",
                "");
      }
    } catch (GeneralSecurityException | NullPointerException e) {
      throw new DriverException(
          "could not log in to the admin console of " + where + ": " + e.getMessage(), "");
    }
    return scram;
  }

  /** Runs one console command within the connection's timeout. */
  Answer query(String command) throws DriverException {
    try {
      return exchange(command);
    } catch (SocketTimeoutException e) {
      close();
      throw new Timeout(command + " got no answer from " + where);
    } catch (IOException e) {
      close();
      throw new DriverException(
          "lost the admin console of " + where + " during " + command + ": " + e.getMessage(), "");
    }
  }

  /**
   * Runs one command that may wait (PAUSE waits for running transactions), bounded by {@code
   * bound}; on timeout the connection is closed, which leaves the command's effect in place.
   */
  Answer query(String command, Duration bound) throws DriverException {
    try {
      int before = socket.getSoTimeout();
      socket.setSoTimeout((int) Math.max(1, bound.toMillis()));
      Answer a = query(command);
      socket.setSoTimeout(before);
      return a;
    } catch (IOException e) {
      close();
      throw new DriverException("lost the admin console of " + where + ": " + e.getMessage(), "");
    }
  }

  private Answer exchange(String command) throws IOException, DriverException {
    send('Q', cstringBytes(command));
    List<String> columns = new ArrayList<>();
    List<Map<String, String>> rows = new ArrayList<>();
    String tag = "";
    String error = null;
    while (true) {
      Message m = read();
      switch (m.type) {
        case 'T' -> columns = columns(m.payload());
        case 'D' -> rows.add(row(m.payload(), columns));
        case 'C' -> tag = cstring(m.payload());
        case 'E' -> error = error(m);
        case 'Z' -> {
          if (error != null) {
            throw new DriverException(where + " answered " + command + " with: " + error, "");
          }
          return new Answer(tag, rows);
        }
        default -> {
          // notices and parameter changes
        }
      }
    }
  }

  private static List<String> columns(DataInputStream p) throws IOException {
    int n = p.readUnsignedShort();
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(cstring(p));
      p.skipNBytes(18);
    }
    return out;
  }

  private static Map<String, String> row(DataInputStream p, List<String> columns)
      throws IOException {
    int n = p.readUnsignedShort();
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      int len = p.readInt();
      String v = len < 0 ? null : new String(p.readNBytes(len), StandardCharsets.UTF_8);
      out.put(i < columns.size() ? columns.get(i) : "column" + i, v);
    }
    return out;
  }

  private static String error(Message m) throws IOException {
    DataInputStream p = m.payload();
    String text = "";
    while (true) {
      int field = p.readUnsignedByte();
      if (field == 0) {
        return text;
      }
      String value = cstring(p);
      if (field == 'M') {
        text = value;
      }
    }
  }

  private record Message(char type, byte[] body) {
    DataInputStream payload() {
      return new DataInputStream(new java.io.ByteArrayInputStream(body));
    }
  }

  private Message read() throws IOException {
    char type = (char) in.readUnsignedByte();
    int len = in.readInt();
    if (len < 4 || len > 16 << 20) {
      throw new IOException("a message of " + len + " bytes from " + where);
    }
    return new Message(type, in.readNBytes(len - 4));
  }

  private void send(char type, byte[] body) throws IOException {
    out.writeByte(type);
    out.writeInt(body.length + 4);
    out.write(body);
    out.flush();
  }

  private static void cstring(DataOutputStream b, String s) throws IOException {
    b.write(s.getBytes(StandardCharsets.UTF_8));
    b.writeByte(0);
  }

  private static byte[] cstringBytes(String s) {
    byte[] raw = s.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[raw.length + 1];
    System.arraycopy(raw, 0, out, 0, raw.length);
    return out;
  }

  private static String cstring(DataInputStream p) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = p.read()) > 0) {
      b.write(c);
    }
    return b.toString(StandardCharsets.UTF_8);
  }

  private static String md5(byte[] first, byte[] salt) throws GeneralSecurityException {
    MessageDigest md = MessageDigest.getInstance("MD5");
    md.update(first);
    md.update(salt);
    return HexFormat.of().formatHex(md.digest());
  }

  private static String md5(String text) throws GeneralSecurityException {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  boolean isOpen() {
    return !socket.isClosed();
  }

  @Override
  public void close() {
    if (socket.isClosed()) {
      return;
    }
    try {
      send('X', new byte[0]);
    } catch (IOException ignored) {
      // the pooler is gone already
    }
    closeQuietly(socket);
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // nothing held
    }
  }
}
