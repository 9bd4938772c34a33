package dev.baton.app.server;

import static dev.baton.app.server.ConsoleFixture.ALICE;
import static dev.baton.app.server.ConsoleFixture.BOB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.testkit.Poll;
import dev.baton.testkit.Timing;
import java.io.File;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in Debian's headless Chromium: a takeover on the simulator followed live to its
 * gates and approved from the browser, a four-eyes gate that one person cannot pass alone, and
 * markup from the topology shown as text. Needs {@code chromium} and {@code chromium-driver}
 * ({@code bin/setup}).
 */
class DashboardBrowserIT {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Duration WAIT = Timing.seconds(60);

  @TempDir Path dir;
  private ServeProcess console;
  private ChromeDriverService service;
  private WebDriver browser;
  private final Set<Long> before = new HashSet<>();

  @BeforeEach
  void browser() throws Exception {
    assertTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "install chromium and chromium-driver (bin/setup)");
    service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1440,1400",
        "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")));
    ProcessHandle.current().descendants().forEach(h -> before.add(h.pid()));
    browser = new ChromeDriver(service, options);
  }

  /** Quits the browser, stops chromedriver and the console, then ends what is left by pid. */
  @AfterEach
  void stop() throws Exception {
    List<ProcessHandle> started = browserProcesses();
    try {
      if (browser != null) {
        browser.quit();
      }
      if (service != null) {
        service.stop();
      }
    } finally {
      if (console != null) {
        console.close();
      }
      endLeftovers(started);
    }
  }

  /** chromedriver and chromium: what this test started besides {@code baton serve}. */
  private List<ProcessHandle> browserProcesses() {
    long serve = console == null ? -1 : console.pid();
    return ProcessHandle.current()
        .descendants()
        .filter(h -> !before.contains(h.pid()) && h.pid() != serve)
        .filter(h -> h.parent().map(p -> p.pid() != serve).orElse(true))
        .toList();
  }

  private static void endLeftovers(List<ProcessHandle> started) {
    try {
      Poll.until(
          Duration.ofSeconds(10),
          "chromium and chromedriver to end",
          () -> started.stream().noneMatch(ProcessHandle::isAlive));
    } catch (IllegalStateException e) {
      started.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void aTakeoverIsFollowedLiveToItsGatesApprovedInTheBrowserAndFinishes() throws Exception {
    console = ServeProcess.start(dir, ConsoleFixture.example("takeover-sim.yaml"));
    openAs(ALICE, "alice");

    // When the takeover is started from the dashboard
    field("start-to").sendKeys("2.0");
    field("start").click();

    // Then its checklist reaches the first gate on the run page, in the same document
    awaitStep("upgrade-csm-a-server", "waiting");
    assertEquals("done", stateOf("preflight"));
    await(
        d ->
            text("gate-text")
                .equals(
                    "install 2.0 on csm-a-server; the old version cannot be brought back except"
                        + " from the backup"));

    // When alice approves it, and the next gate
    approve("upgrade-csm-a-server");
    awaitStep("upgrade-csm-b-server", "waiting");
    assertEquals("done", stateOf("upgrade-csm-a-server"));
    awaitPicture();
    screenshot("console-run-gate.png");
    approve("upgrade-csm-b-server");

    // Then the run finishes, still in the same document
    await(d -> text("run-status").equals("done"));
    assertEquals("done", stateOf("verify-upgrade"));
    assertEquals("yes", js("return window.__sameDocument"), "the page was never reloaded");
    screenshot("console-run.png");
  }

  @Test
  void aFourEyesGatePassesOnlyWithTwoPeopleAndMarkupFromTheTopologyStaysText() throws Exception {
    console = ServeProcess.start(dir, ConsoleFixture.markupPair());
    openAs(ALICE, "alice");
    field("start-to").sendKeys("2.0");
    field("start-options").sendKeys("gates=four-eyes");
    field("start").click();
    awaitStep("upgrade-csm-a-server", "waiting");
    await(d -> text("gate-approvals").equals("four-eyes gate: 0 of 2 approvals"));

    // When alice approves, and approves again
    approve("upgrade-csm-a-server");
    await(
        d ->
            text("message").equals("approved by alice; 1 more approval by someone else is needed"));
    await(d -> text("gate-approvals").equals("four-eyes gate: 1 of 2 approvals (alice)"));
    approve("upgrade-csm-a-server");

    // Then the second approval by the same person is refused and the run still waits
    await(
        d ->
            text("message")
                .equals(
                    "alice already approved upgrade-csm-a-server; a second approver is needed"));
    assertEquals("halted", text("run-status"));
    assertEquals("waiting", stateOf("upgrade-csm-a-server"));

    // When bob approves, the run goes on to the next four-eyes gate, which both pass
    useToken(BOB, "bob");
    approve("upgrade-csm-a-server");
    awaitStep("upgrade-csm-b-server", "waiting");
    approve("upgrade-csm-b-server");
    await(d -> text("gate-approvals").equals("four-eyes gate: 1 of 2 approvals (bob)"));
    useToken(ALICE, "alice");
    approve("upgrade-csm-b-server");
    await(d -> text("run-status").equals("done"));

    // And the topology's markup and quotes were shown as text, never run
    String details = text("system-properties");
    assertTrue(
        details.contains("mediaDir = <script>window.pwned=1</script> \"quoted\" 'single' & more"),
        details);
    assertTrue(
        details.contains("<img src=x onerror=window.pwned=2> = a property name with markup"));
    assertTrue(details.contains("zone = <script>window.pwned=3</script>"));
    assertEquals("undefined", js("return typeof window.pwned"), "no script from the topology ran");
    assertEquals(1L, js("return document.scripts.length"), "the dashboard's own script only");
    assertEquals(0L, js("return document.querySelectorAll('img[src=x]').length"));
    screenshot("console-four-eyes.png");

    // And the run's HTML report, opened from disk, shows the same text and runs nothing either
    browser.get(report(currentRun()).toUri().toString());
    js("document.querySelectorAll('details').forEach(d => d.open = true)");
    String page = browser.findElement(By.tagName("body")).getText();
    assertTrue(page.contains("<script>window.pwned=1</script> \"quoted\" 'single' & more"), page);
    assertTrue(page.contains("<img src=x onerror=window.pwned=2>"), page);
    assertEquals("undefined", js("return typeof window.pwned"), "no script ran in the report");
    assertEquals(0L, js("return document.scripts.length"), "the report has no script at all");
    assertEquals(0L, js("return document.querySelectorAll('img[src=x]').length"));
  }

  private String currentRun() {
    String hash = String.valueOf(js("return location.hash"));
    assertTrue(hash.startsWith("#/run/"), hash);
    return java.net.URLDecoder.decode(hash.substring(6), java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The run's HTML report as the console serves it, saved where the browser can open it. */
  private Path report(String run) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(console.uri("/api/runs/" + run + "/report.html"))
                    .header("Authorization", "Bearer " + ALICE)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return Files.writeString(dir.resolve(run + ".html"), r.body());
  }

  private void openAs(String token, String name) {
    browser.get(console.uri("/").toString());
    js("window.__sameDocument = 'yes'");
    useToken(token, name);
  }

  private void useToken(String token, String name) {
    WebElement field = browser.findElement(By.id("token"));
    field.clear();
    field.sendKeys(token);
    browser.findElement(By.id("token-save")).click();
    await(d -> text("who").startsWith("acting as " + name));
  }

  /** An element of the page once it is there: the dashboard draws its forms after loading. */
  private WebElement field(String id) {
    return new WebDriverWait(browser, WAIT)
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(d -> d.findElement(By.id(id)));
  }

  /** Clicks Approve once the gate shown is the one at {@code step}, not the one before. */
  private void approve(String step) {
    new WebDriverWait(browser, WAIT)
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(
            d -> {
              // The gate box is redrawn as events arrive: a click on a replaced button throws
              // before anything is sent, so finding and clicking again is safe.
              d.findElement(By.cssSelector("#gate[data-step='" + step + "'] #approve")).click();
              return true;
            });
  }

  private void awaitStep(String step, String state) {
    await(d -> state.equals(stateOf(step)));
  }

  private void awaitPicture() {
    await(
        d ->
            Boolean.TRUE.equals(
                js(
                    "const i = document.getElementById('picture');"
                        + " return i.complete && i.naturalWidth > 0")));
  }

  private String stateOf(String step) {
    return firstText(By.cssSelector("#steps li[data-step='" + step + "'] .state"))
        .toLowerCase(java.util.Locale.ROOT);
  }

  private String text(String id) {
    return firstText(By.id(id));
  }

  /**
   * The text of the first element {@code by} finds, or "" when there is none. The page redraws
   * parts of itself on every event, so an element found may be replaced before its text is read:
   * then it is found again (a bounded number of times).
   */
  private String firstText(By by) {
    for (int attempt = 1; ; attempt++) {
      try {
        List<WebElement> e = browser.findElements(by);
        return e.isEmpty() ? "" : e.get(0).getText();
      } catch (org.openqa.selenium.StaleElementReferenceException redrawn) {
        if (attempt == 5) {
          throw redrawn;
        }
      }
    }
  }

  private Object js(String script) {
    return ((JavascriptExecutor) browser).executeScript(script);
  }

  private void await(java.util.function.Function<WebDriver, Boolean> condition) {
    new WebDriverWait(browser, WAIT)
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .ignoring(org.openqa.selenium.NoSuchElementException.class)
        .until(condition::apply);
  }

  private void screenshot(String name) throws Exception {
    File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Path target = Path.of("target", name);
    Files.createDirectories(target.getParent());
    Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    Files.delete(shot.toPath());
  }
}
