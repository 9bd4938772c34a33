package dev.baton.testkit.dual;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * Answers each name it reads on stdin with the address the JDK gives it ({@code getByName}, what
 * pgjdbc connects to), or {@code unknown}; run by {@link DualHostsFileTest} in a JVM of its own,
 * because the hosts file is fixed when a JVM starts. {@code --afresh} first does what {@link
 * SideClient} does.
 */
public final class HostsProbe {

  private HostsProbe() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--afresh")) {
      SideClient.resolveNamesAfresh();
    }
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String name = in.readLine(); name != null; name = in.readLine()) {
      String answer;
      try {
        answer = InetAddress.getByName(name.strip()).getHostAddress();
      } catch (UnknownHostException e) {
        answer = "unknown";
      }
      System.out.println(answer);
      System.out.flush();
    }
  }
}
