package dev.baton.testkit.haproxy;

import dev.baton.engine.DriverException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The test's own reading of {@code show servers state}, independent of the driver's parser: each
 * server's columns by header name.
 */
record RawState(Map<String, Map<String, String>> servers) {

  static RawState read(LocalHaproxy haproxy, String backend) throws DriverException {
    List<String> lines = haproxy.send("show servers state " + backend).strip().lines().toList();
    List<String> header = Arrays.asList(lines.get(1).substring(2).split(" "));
    Map<String, Map<String, String>> servers = new LinkedHashMap<>();
    for (String line : lines.subList(2, lines.size())) {
      String[] f = line.split(" ");
      Map<String, String> columns = new LinkedHashMap<>();
      for (int i = 0; i < header.size(); i++) {
        columns.put(header.get(i), f[i]);
      }
      servers.put(columns.get("srv_name"), columns);
    }
    return new RawState(servers);
  }

  int admin(String server) {
    return Integer.parseInt(servers.get(server).get("srv_admin_state"));
  }

  String column(String server, String column) {
    return servers.get(server).get(column);
  }

  /** Servers that take new connections: running, and no maintenance (0x23) or drain (0x18) bit. */
  List<String> ready() {
    List<String> ready = new ArrayList<>();
    for (String s : servers.keySet()) {
      if (column(s, "srv_op_state").equals("2") && (admin(s) & 0x3B) == 0) {
        ready.add(s);
      }
    }
    return ready;
  }
}
