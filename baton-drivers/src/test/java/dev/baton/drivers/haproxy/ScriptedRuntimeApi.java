package dev.baton.drivers.haproxy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A runtime API that records commands, answers set commands with success, and a given state. */
final class ScriptedRuntimeApi implements RuntimeApi {

  static final String HEADER =
      "1\n# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight"
          + " srv_iweight srv_time_since_last_change srv_check_status srv_check_result"
          + " srv_check_health srv_check_state srv_agent_state bk_f_forced_id srv_f_forced_id"
          + " srv_fqdn srv_port srvrecord srv_use_ssl srv_check_port srv_check_addr"
          + " srv_agent_addr srv_agent_port\n";

  final List<String> commands = new ArrayList<>();
  final Map<String, String> refusals = new HashMap<>();
  String state = HEADER + "\n";

  /** A state line as HAProxy 2.6 prints it, for server {@code name} with the given states. */
  static String line(int id, String name, int op, int admin, int weight) {
    return "3 pg "
        + id
        + " "
        + name
        + " 127.0.0.1 "
        + op
        + " "
        + admin
        + " "
        + weight
        + " 1 3 1 0 2 0 0 0 0 - 1960"
        + id
        + " - 0 0 - - 0\n";
  }

  void servers(String... lines) {
    state = HEADER + String.join("", lines) + "\n";
  }

  @Override
  public String send(String command) {
    commands.add(command);
    if (command.startsWith("show servers state")) {
      return state;
    }
    return refusals.getOrDefault(command, "\n");
  }
}
