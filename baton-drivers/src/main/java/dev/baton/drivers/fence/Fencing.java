package dev.baton.drivers.fence;

import static dev.baton.topology.PropertyKey.NO_DEFAULT;
import static dev.baton.topology.PropertyKey.exact;
import static dev.baton.topology.PropertyKey.family;

import dev.baton.model.Component;
import dev.baton.model.Durations;
import dev.baton.topology.PropertyKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How a server is fenced when it must stop and may not answer: its fence methods in order (property
 * {@code fence}), and the fence agent when one is named. Read from the component's properties.
 *
 * <ul>
 *   <li>{@code database}: Baton stops the server itself through its node (a shutdown, SIGKILL when
 *       frozen); proven when its postmaster is gone. Needs the node to answer.
 *   <li>{@code agent}: a ClusterLabs fence agent turns the node off; proven when {@code off}
 *       succeeded and {@code status} then answers "off". Works when the node does not answer.
 * </ul>
 */
public record Fencing(List<Method> methods, Optional<FenceAgent> agent) {

  /** A way to fence, as written in the {@code fence} property. */
  public enum Method {
    DATABASE("database", "stop the server through its node (needs the node to answer)"),
    AGENT("agent", "turn the node off with the fence agent, then confirm with its status");

    private final String label;
    private final String meaning;

    Method(String label, String meaning) {
      this.label = label;
      this.meaning = meaning;
    }

    public String label() {
      return label;
    }

    public String meaning() {
      return meaning;
    }

    static Optional<Method> parse(String text) {
      for (Method m : values()) {
        if (m.label.equals(text)) {
          return Optional.of(m);
        }
      }
      return Optional.empty();
    }
  }

  public static final String FENCE = "fence";
  public static final String AGENT = "fenceAgent";
  public static final String TIMEOUT = "fenceTimeout";
  public static final String OPTION = "fenceOption.";
  public static final String SECRET = "fenceSecret.";

  /** How long one agent action may take when {@code fenceTimeout} is not set. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

  /** The fencing properties, for each driver's list of the keys it reads. */
  public static final List<PropertyKey> PROPERTIES =
      List.of(
          exact(
              FENCE,
              "the fence methods to try in order, comma-separated: database, agent",
              "database (database, agent when fenceAgent is set)"),
          exact(
              AGENT,
              "a fence agent (ClusterLabs protocol) run on Baton's host, e.g. /usr/sbin/fence_ipmilan",
              NO_DEFAULT),
          exact(TIMEOUT, "how long one agent action may take; a timeout is a failure", "20s"),
          family(
              OPTION,
              "option",
              "an option given to the agent as option=value, e.g. fenceOption.ip: 10.0.0.9",
              NO_DEFAULT),
          family(
              SECRET,
              "option",
              "an option whose value is a topology secret, e.g. fenceSecret.password: ipmi-pw",
              NO_DEFAULT));

  /** What a component's properties say; a sentence naming the property when they are wrong. */
  public static Fencing of(Component c) throws IllegalArgumentException {
    Map<String, String> p = c.properties();
    String program = p.getOrDefault(AGENT, "").strip();
    String written = p.getOrDefault(FENCE, program.isEmpty() ? "database" : "database, agent");
    List<Method> methods = new ArrayList<>();
    for (String part : written.split(",")) {
      String m = part.strip().toLowerCase(Locale.ROOT);
      if (m.isEmpty()) {
        continue;
      }
      Method method =
          Method.parse(m)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "component "
                              + c.name()
                              + ": fence method '"
                              + part.strip()
                              + "' is unknown; known: database, agent"));
      if (methods.contains(method)) {
        throw new IllegalArgumentException(
            "component " + c.name() + ": fence method '" + m + "' is named twice");
      }
      methods.add(method);
    }
    if (methods.isEmpty()) {
      throw new IllegalArgumentException(
          "component " + c.name() + ": fence names no method; write e.g. fence: database, agent");
    }
    if (methods.contains(Method.AGENT) && program.isEmpty()) {
      throw new IllegalArgumentException(
          "component "
              + c.name()
              + ": fence names agent but fenceAgent is not set; fix: set fenceAgent to the"
              + " agent's path, e.g. /usr/sbin/fence_ipmilan");
    }
    Optional<FenceAgent> agent = Optional.empty();
    if (!program.isEmpty()) {
      Map<String, String> options = new TreeMap<>();
      Map<String, String> secrets = new TreeMap<>();
      p.forEach(
          (k, v) -> {
            if (k.startsWith(OPTION)) {
              options.put(k.substring(OPTION.length()), v);
            } else if (k.startsWith(SECRET)) {
              secrets.put(k.substring(SECRET.length()), v);
            }
          });
      for (String k : options.keySet()) {
        if ("action".equals(k) || secrets.containsKey(k)) {
          throw new IllegalArgumentException(
              "component "
                  + c.name()
                  + ": "
                  + OPTION
                  + k
                  + (secrets.containsKey(k)
                      ? " is also given as " + SECRET + k + "; keep one"
                      : " cannot be set: Baton gives the action itself"));
        }
      }
      String nodename = options.getOrDefault("nodename", c.node());
      options.remove("nodename");
      agent =
          Optional.of(
              new FenceAgent(program, nodename, options, secrets, timeout(c, p.get(TIMEOUT))));
    }
    return new Fencing(List.copyOf(methods), agent);
  }

  /** Whether a method that works without the node's answer is named. */
  public boolean worksUnreachable() {
    return methods.contains(Method.AGENT);
  }

  /** The methods as written, for sentences: {@code database, agent}. */
  public String describe() {
    return String.join(", ", methods.stream().map(Method::label).toList());
  }

  private static Duration timeout(Component c, String text) {
    if (text == null) {
      return DEFAULT_TIMEOUT;
    }
    Duration d =
        Durations.parse(text)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "component "
                            + c.name()
                            + ": fenceTimeout '"
                            + text
                            + "' is not a duration; write e.g. 20s"));
    if (d.isZero()) {
      throw new IllegalArgumentException(
          "component " + c.name() + ": fenceTimeout must be more than 0");
    }
    return d;
  }
}
