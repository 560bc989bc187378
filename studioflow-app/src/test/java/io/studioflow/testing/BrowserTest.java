package io.studioflow.testing;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.TimeoutError;
import com.microsoft.playwright.Tracing;
import com.microsoft.playwright.options.AriaRole;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Base of the end-to-end tests: the whole application (see {@link IntegrationTest}, same shared Spring
 * context) driven through Debian's Chromium with Playwright.
 *
 * <p>One Playwright driver and one headless Chromium serve the whole test JVM (closed at shutdown); every
 * test gets fresh browser contexts (own cookies, so own Vaadin session), closed after it. A failing test
 * leaves a screenshot of each open page in {@code target/screenshots/} and a Playwright trace in
 * {@code target/traces/} (open it with Playwright's {@code show-trace}).
 *
 * <p>Chromium is taken from {@code /usr/bin/chromium} (Debian's {@code chromium} package) or from the system
 * property {@code studioflow.chromium}; Playwright never downloads a browser.
 */
@ExtendWith(BrowserFailureRecorder.class)
public abstract class BrowserTest extends IntegrationTest {

    public static final Path SCREENSHOTS = Path.of("target", "screenshots").toAbsolutePath();
    public static final Path TRACES = Path.of("target", "traces").toAbsolutePath();

    private static final String CHROMIUM = System.getProperty("studioflow.chromium", "/usr/bin/chromium");
    private static final List<String> CHROMIUM_ARGS = List.of("--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run");
    private static final double TIMEOUT_MS = 30_000;

    /**
     * True once no Flow client has a server round trip in flight. Vaadin registers each client (one per
     * application on the page) under {@code window.Vaadin.Flow.clients} with an {@code isActive()} that
     * stays true while a request is pending or responses are being applied.
     */
    private static final String VAADIN_IDLE = """
            () => {
              const flow = window.Vaadin && window.Vaadin.Flow;
              if (!flow || !flow.clients) return false;
              const clients = Object.values(flow.clients);
              return clients.length > 0 && clients.every(client => !client.isActive());
            }""";

    private static final String HIDE_DEV_TOOLS = "vaadin-dev-tools, copilot-main { display: none !important; }";

    private static Playwright playwright;
    private static Browser browser;

    @LocalServerPort
    protected int port;

    private final List<BrowserContext> contexts = new ArrayList<>();

    @BeforeAll
    static synchronized void startBrowser() {
        if (browser != null) {
            return;
        }
        Path chromium = Path.of(CHROMIUM);
        if (!Files.isExecutable(chromium)) {
            throw new IllegalStateException("The browser tests need Debian's Chromium at " + chromium
                    + ", which is missing. Install it with `apt-get install chromium` (as root; .ci/run does this"
                    + " in CI), or point -Dstudioflow.chromium=/path/to/chromium at another Chromium binary.");
        }
        long start = System.nanoTime();
        // the variable is also set by surefire; repeating it here keeps runs from an IDE download-free
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(chromium)
                .setHeadless(true)
                .setArgs(CHROMIUM_ARGS));
        System.out.printf("Playwright driver and Chromium %s started in %d ms%n", browser.version(),
                (System.nanoTime() - start) / 1_000_000);
        Runtime.getRuntime().addShutdownHook(new Thread(BrowserTest::stopBrowser, "playwright-shutdown"));
    }

    private static synchronized void stopBrowser() {
        if (playwright != null) {
            playwright.close(); // closes the browser too
            playwright = null;
            browser = null;
        }
    }

    @AfterEach
    void closeContexts() {
        contexts.forEach(BrowserContext::close);
        contexts.clear();
    }

    /** The application's address for a path such as {@code "/login"}. */
    protected String url(String path) {
        return "http://localhost:" + port + path;
    }

    /** A page in a new, signed-out browser context (its own cookies, so its own session). */
    protected Page newPage() {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1440, 900));
        context.setDefaultTimeout(TIMEOUT_MS);
        context.tracing().start(new Tracing.StartOptions().setScreenshots(true).setSnapshots(true));
        contexts.add(context);
        return context.newPage();
    }

    /** Opens a path of the application in a new signed-out context and waits for Vaadin to settle. */
    protected Page open(String path) {
        Page page = newPage();
        page.navigate(url(path));
        waitForVaadin(page);
        return page;
    }

    /** Signs in as a dev user (password = user name) and returns the page showing the main layout. */
    protected Page login(String user) {
        Page page = open("/login");
        submitLogin(page, user, user);
        try {
            page.locator("[data-testid=current-user]").waitFor();
        } catch (TimeoutError e) {
            throw new AssertionError("Signing in as " + user + " did not reach the main layout; the browser is at "
                    + page.url(), e);
        }
        waitForVaadin(page);
        return page;
    }

    /**
     * A second person at the same time: a separate browser context, signed in as {@code user}. Same as
     * {@link #login(String)}; the name says what a test means by calling it again.
     */
    protected Page newSession(String user) {
        return login(user);
    }

    /** Fills and submits the Vaadin login form on a page showing {@code /login}. */
    protected void submitLogin(Page page, String user, String password) {
        page.locator("vaadin-login-form #vaadinLoginUsername input").fill(user);
        page.locator("vaadin-login-form #vaadinLoginPassword input").fill(password);
        page.locator("vaadin-login-form").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions()
                .setName(Pattern.compile("^log in$", Pattern.CASE_INSENSITIVE))).click();
    }

    /**
     * Filters the inbox on {@code page} to one brand and waits for its one task: a task written a moment ago shows
     * once the index has refreshed (the inbox also refreshes by push).
     */
    protected void filterInboxByBrand(Page page, String brand) {
        Locator brandInput = page.locator("[data-testid=filter-brand] input");
        brandInput.fill(brand);
        brandInput.press("Enter");
        waitForVaadin(page);
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInSameThread().untilAsserted(() -> {
            if (gridSize(page.locator("[data-testid=inbox-grid]")) == 0) {
                page.locator("[data-testid=inbox-refresh]").click();
                waitForVaadin(page);
            }
            org.assertj.core.api.Assertions.assertThat(gridSize(page.locator("[data-testid=inbox-grid]"))).isEqualTo(1);
        });
    }

    /** Waits until the page's Vaadin clients have no server round trip pending. */
    protected void waitForVaadin(Page page) {
        page.waitForFunction(VAADIN_IDLE, null, new Page.WaitForFunctionOptions().setPollingInterval(50));
    }

    /**
     * Waits until the grid knows at least {@code rows} items and has rendered them (no lazy loading in
     * flight), and returns it.
     */
    protected Locator waitForGridRows(Locator grid, int rows) {
        grid.waitFor();
        grid.page().waitForFunction("([grid, rows]) => grid.size >= rows && !grid.hasAttribute('loading')"
                        + " && grid.querySelectorAll('vaadin-grid-cell-content').length > 0",
                List.of(grid.elementHandle(), rows), new Page.WaitForFunctionOptions().setPollingInterval(50));
        waitForVaadin(grid.page());
        return grid;
    }

    /** The number of items the grid holds (rendered or not). */
    protected int gridSize(Locator grid) {
        return ((Number) grid.evaluate("grid => grid.size")).intValue();
    }

    /** The body cell of a grid with exactly this text (cells are light-DOM {@code vaadin-grid-cell-content}). */
    protected Locator gridCell(Locator grid, String text) {
        return grid.locator("vaadin-grid-cell-content").filter(new Locator.FilterOptions()
                .setHasText(Pattern.compile("^\\s*" + regexLiteral(text) + "\\s*$")));
    }

    /**
     * The text as a regular expression matching it literally, in a syntax both Java and JavaScript read:
     * Playwright hands patterns to the browser, which knows nothing of {@link Pattern#quote}'s \Q...\E.
     */
    private static String regexLiteral(String text) {
        return text.replaceAll("[\\\\^$.|?*+()\\[\\]{}]", "\\\\$0");
    }

    /** A full-page PNG under {@code target/screenshots/<name>.png}; returns its path. */
    protected Path screenshot(Page page, String name) {
        Path file = SCREENSHOTS.resolve(name.endsWith(".png") ? name : name + ".png");
        // development mode's tools and their "Development Mode" notice are no part of what users see
        page.addStyleTag(new Page.AddStyleTagOptions().setContent(HIDE_DEV_TOOLS));
        page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
        return file;
    }

    /** Called by {@link BrowserFailureRecorder} before the contexts close: what the browser showed. */
    void recordFailure(String testName) {
        for (int i = 0; i < contexts.size(); i++) {
            BrowserContext context = contexts.get(i);
            String name = testName + (contexts.size() > 1 ? "-session" + (i + 1) : "");
            List<Page> pages = context.pages();
            for (int p = 0; p < pages.size(); p++) {
                try {
                    Path file = screenshot(pages.get(p), "FAILED-" + name + (pages.size() > 1 ? "-page" + (p + 1) : ""));
                    System.err.println("Browser test failed; the page at " + pages.get(p).url() + " is in " + file);
                } catch (RuntimeException e) {
                    System.err.println("No failure screenshot of " + name + ": " + e.getMessage());
                }
            }
            try {
                Files.createDirectories(TRACES);
                Path trace = TRACES.resolve(name + ".zip");
                context.tracing().stop(new Tracing.StopOptions().setPath(trace));
                System.err.println("Playwright trace of " + name + ": " + trace);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (RuntimeException e) {
                System.err.println("No trace of " + name + ": " + e.getMessage());
            }
        }
    }
}
