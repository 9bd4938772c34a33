package dev.baton.app.watch;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Sends an alert through a command ({@code sh -c}, the alert in its environment) and a webhook
 * (JSON POST), whichever are set. Returns one sentence per channel; a failing channel is reported,
 * never thrown, so that one broken channel does not silence the other. The webhook is named by its
 * host only, since its path or query may carry a token.
 */
public final class Alerter {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final String command;
  private final String webhook;
  private final Function<Object, String> json;

  public Alerter(String command, String webhook, Function<Object, String> json) {
    this.command = command;
    this.webhook = webhook;
    this.json = json;
  }

  public List<String> send(Alert alert) {
    String body = json.apply(alert.fields());
    List<String> out = new ArrayList<>();
    if (command != null && !command.isBlank()) {
      out.add(runCommand(alert, body));
    }
    if (webhook != null && !webhook.isBlank()) {
      out.add(post(body));
    }
    return out;
  }

  private String runCommand(Alert alert, String body) {
    ProcessBuilder pb =
        new ProcessBuilder("sh", "-c", command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().putAll(alert.env(body));
    try {
      Process p = pb.start();
      if (!p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        return "alert command did not finish within " + TIMEOUT.toSeconds() + " s; killed it";
      }
      return "alert command exited " + p.exitValue();
    } catch (IOException e) {
      return "alert command could not start: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "alert command interrupted";
    }
  }

  private String post(String body) {
    URI uri;
    try {
      uri = URI.create(webhook);
    } catch (IllegalArgumentException e) {
      return "alert webhook is not a URL";
    }
    String where = "alert webhook at " + uri.getScheme() + "://" + uri.getAuthority();
    try {
      HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
      HttpRequest req =
          HttpRequest.newBuilder(uri)
              .timeout(TIMEOUT)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build();
      int status = client.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
      return where + " answered " + status;
    } catch (IOException | IllegalArgumentException e) {
      return where + " failed: " + e.getClass().getSimpleName();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return where + " interrupted";
    }
  }
}
