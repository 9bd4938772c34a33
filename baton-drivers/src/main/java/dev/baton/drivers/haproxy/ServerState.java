package dev.baton.drivers.haproxy;

import dev.baton.engine.DriverException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One server's line of {@code show servers state <backend>} (format version 1): its name, its
 * operational state, its administrative state bits and its user-visible weight.
 */
public record ServerState(String name, int opState, int adminState, int userWeight) {

  /** srv_op_state 2, SRV_ST_RUNNING: the server is fully up. */
  public static final int RUNNING = 2;

  /** FMAINT, IMAINT and RMAINT: HAProxy's own mask of the bits that stop all traffic. */
  public static final int MAINT_BITS = 0x01 | 0x02 | 0x20;

  /** FDRAIN and IDRAIN: no new connections from load balancing. */
  public static final int DRAIN_BITS = 0x08 | 0x10;

  /** Whether the server takes new connections: no maintenance or drain bit, and running. */
  public boolean ready() {
    return (adminState & (MAINT_BITS | DRAIN_BITS)) == 0 && opState == RUNNING;
  }

  /** Whether the server is in maintenance: HAProxy sends it no traffic at all. */
  public boolean inMaint() {
    return (adminState & MAINT_BITS) != 0;
  }

  /** Whether the server is draining: existing connections stay, new ones go elsewhere. */
  public boolean draining() {
    return (adminState & DRAIN_BITS) != 0;
  }

  /**
   * Parses the answer to {@code show servers state <backend>}; columns are found by the header's
   * names, so that later versions that append columns still parse. Any other answer is HAProxy's
   * error text, which the exception quotes.
   */
  public static List<ServerState> parse(String backend, String answer) throws DriverException {
    List<String> lines = answer.strip().lines().toList();
    if (lines.size() < 2 || !lines.get(0).equals("1") || !lines.get(1).startsWith("# ")) {
      throw new DriverException(
          "HAProxy refused \"show servers state "
              + backend
              + "\": "
              + (answer.isBlank() ? "(empty answer)" : answer.strip()),
          answer);
    }
    int[] at = columns(lines.get(1), answer);
    List<ServerState> servers = new ArrayList<>();
    for (String line : lines.subList(2, lines.size())) {
      if (!line.isBlank() && !line.startsWith("#")) {
        servers.add(row(at, line.trim().split("\\s+"), answer));
      }
    }
    return servers;
  }

  private static final List<String> COLUMNS =
      List.of("srv_name", "srv_op_state", "srv_admin_state", "srv_uweight");

  private static int[] columns(String headerLine, String answer) throws DriverException {
    List<String> header = Arrays.asList(headerLine.substring(2).trim().split("\\s+"));
    int[] at = new int[COLUMNS.size()];
    for (int i = 0; i < at.length; i++) {
      at[i] = header.indexOf(COLUMNS.get(i));
      if (at[i] < 0) {
        throw new DriverException(
            "HAProxy's \"show servers state\" has no " + COLUMNS.get(i) + " column", answer);
      }
    }
    return at;
  }

  private static ServerState row(int[] at, String[] fields, String answer) throws DriverException {
    try {
      return new ServerState(
          fields[at[0]],
          Integer.parseInt(fields[at[1]]),
          Integer.parseInt(fields[at[2]]),
          Integer.parseInt(fields[at[3]]));
    } catch (IndexOutOfBoundsException | NumberFormatException e) {
      throw new DriverException(
          "cannot read HAProxy's server state line \"" + String.join(" ", fields) + "\"", answer);
    }
  }
}
