package io.studioflow.review.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.ElementHandle;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.studioflow.testing.BrowserTest;
import io.studioflow.testing.StudioPhotos;
import io.studioflow.testing.TestPhotos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The retoucher's day in a real browser: filter the inbox, claim, compare, tick the checklist, approve;
 * publish a retouched file instead of the automated result; and two people claiming one task at once.
 */
class InboxBrowserTest extends BrowserTest {

    @Test
    void aRetoucherFiltersClaimsComparesAndApproves() {
        String brand = uniqueBrand();
        String imageId = api.upload("photographer", "E2E-" + brand.toUpperCase(), brand, 90, "brick.png",
                TestPhotos.bytes("brick.png"));
        api.awaitStatus(imageId, "IN_REVIEW");
        JsonNode task = api.awaitTask("retoucher", imageId);

        Page page = login("retoucher");
        assertThat(page).hasURL(url("/inbox"));
        filterInboxByBrand(page, brand);
        Locator grid = page.locator("[data-testid=inbox-grid]");
        assertThat(page.locator("[data-testid=inbox-total]")).hasText("1 task");
        assertThat(grid.locator("vaadin-grid-cell-content").filter(new Locator.FilterOptions()
                .setHasText("Background removal unsure")).first()).isVisible();
        screenshot(page, "inbox-filtered");

        visible(page, "claim-" + task.path("id").asText()).click();
        page.waitForURL(Pattern.compile(".*/task\\?id=" + task.path("id").asText()));
        waitForVaadin(page);
        assertThat(page.locator("[data-testid=task-state]")).hasText("Yours");
        assertThat(page.locator("[data-testid=compare-original]").first()).isVisible();
        screenshot(page, "task-side-by-side");
        page.locator("[data-testid=compare-mode-slider]").click();
        waitForVaadin(page);
        assertThat(page.locator("[data-testid=compare-slider]")).isVisible();
        page.locator("[data-testid=compare-mode-mask]").click();
        waitForVaadin(page);
        screenshot(page, "task-mask");

        Locator approve = page.locator("[data-testid=task-approve]");
        assertThat(approve).isDisabled();
        Locator boxes = page.locator("[data-testid=task-checklist] vaadin-checkbox");
        for (int i = 0; i < boxes.count(); i++) {
            boxes.nth(i).click();
        }
        waitForVaadin(page);
        assertThat(approve).isEnabled();
        approve.click();
        page.waitForURL(Pattern.compile(".*/inbox$"));

        JsonNode image = api.awaitStatus(imageId, "PUBLISHED");
        assertThat(image.path("status").asText()).isEqualTo("PUBLISHED");
        JsonNode approval = api.history(imageId).stream()
                .filter(e -> e.path("decision").asText().equals("APPROVE")).findFirst().orElseThrow();
        assertThat(approval.path("actor").path("name").asText()).isEqualTo("retoucher");
        assertThat(approval.path("reasons").toString()).contains("confirmed: Edges are clean");
        screenshot(page, "inbox-after-approve");
    }

    @Test
    void aRetouchedFileUploadedInTheBrowserIsWhatGetsPublished() throws Exception {
        String brand = uniqueBrand();
        String imageId = api.upload("photographer", "E2E-" + brand.toUpperCase(), brand, 50, "brick.png",
                TestPhotos.bytes("brick.png"));
        api.awaitStatus(imageId, "IN_REVIEW");
        String taskId = api.awaitTask("retoucher2", imageId).path("id").asText();
        byte[] retouched = StudioPhotos.packshot("coffee.png");
        Path file = Files.createTempFile("retouched-", ".jpg");
        Files.write(file, retouched);

        Page page = login("retoucher2");
        filterInboxByBrand(page, brand);
        visible(page, "claim-" + taskId).click();
        page.waitForURL(Pattern.compile(".*/task\\?id=" + taskId));
        waitForVaadin(page);
        page.locator("[data-testid=task-upload-version] input[type=file]").setInputFiles(file);
        assertThat(page.locator("[data-testid=task-versions]")).containsText("v1", new com.microsoft.playwright.assertions
                .LocatorAssertions.ContainsTextOptions().setTimeout(60_000));
        screenshot(page, "task-retouched-version");
        Locator boxes = page.locator("[data-testid=task-checklist] vaadin-checkbox");
        for (int i = 0; i < boxes.count(); i++) {
            boxes.nth(i).click();
        }
        page.locator("[data-testid=task-approve]").click();
        page.waitForURL(Pattern.compile(".*/inbox$"));

        JsonNode image = api.awaitStatus(imageId, "PUBLISHED");
        Path published = dataDir().resolve("published").resolve(image.path("renditions").get(0).path("path").asText());
        assertThat(Files.readAllBytes(published)).isEqualTo(retouched);
    }

    /** Keeps the text of every notification card the page shows, in {@code window.notificationsSeen}. */
    private static final String RECORD_NOTIFICATIONS = """
            () => {
              window.notificationsSeen = [];
              new MutationObserver(() => document.querySelectorAll('vaadin-notification-card').forEach(card => {
                const text = card.innerText || card.textContent || '';
                if (text && !window.notificationsSeen.includes(text)) window.notificationsSeen.push(text);
              })).observe(document.body, {childList: true, subtree: true, characterData: true});
            }
            """;

    @Test
    void twoPeopleClaimingOneTaskAtOnceOnlyOneWins() {
        String brand = uniqueBrand();
        String imageId = api.upload("photographer", "E2E-" + brand.toUpperCase(), brand, 50, "brick.png",
                TestPhotos.bytes("brick.png"));
        api.awaitStatus(imageId, "IN_REVIEW");
        String taskId = api.awaitTask("retoucher", imageId).path("id").asText();

        Page first = login("retoucher");
        Page second = newSession("retoucher2");
        filterInboxByBrand(first, brand);
        filterInboxByBrand(second, brand);
        Locator firstClaim = visible(first, "claim-" + taskId);
        Locator secondClaim = visible(second, "claim-" + taskId);
        assertThat(firstClaim).isVisible();
        assertThat(secondClaim).isVisible();
        ElementHandle firstButton = firstClaim.elementHandle();
        ElementHandle secondButton = secondClaim.elementHandle();
        // a notification lasts 5 s, which a loaded machine can spend before the loser is known: record them all
        first.evaluate(RECORD_NOTIFICATIONS);
        second.evaluate(RECORD_NOTIFICATIONS);

        // both clicks are dispatched before either server round trip has come back (a Playwright click
        // would first wait for the second button, which server push may already have replaced)
        firstButton.evaluate("button => button.click()");
        secondButton.evaluate("button => button.click()");

        // (page.url() is a cached value that only changes while Playwright talks to the browser: ask it)
        await().atMost(Duration.ofSeconds(30)).pollInSameThread().untilAsserted(() -> {
            boolean firstWon = location(first).contains("/task?id=" + taskId);
            boolean secondWon = location(second).contains("/task?id=" + taskId);
            assertThat(firstWon ^ secondWon).as("exactly one of the two is on the task").isTrue();
        });
        Page winner = location(first).contains("/task?id=") ? first : second;
        Page loser = winner == first ? second : first;
        String winnerName = winner == first ? "retoucher" : "retoucher2";
        waitForVaadin(winner);
        assertThat(winner.locator("[data-testid=task-state]")).hasText("Yours");
        // the loser is told either way: their claim was refused, or the push reached them first and the
        // row now shows the task as taken
        await().atMost(Duration.ofSeconds(10)).pollInSameThread().untilAsserted(() ->
                org.assertj.core.api.Assertions.assertThat(String.valueOf(loser.evaluate("() => window.notificationsSeen.join('\\n')")))
                        .containsPattern(Pattern.compile("Could not claim|claimed a task")));
        assertThat(visible(loser, "view-" + taskId)).isVisible();
        assertThat(loser.locator("[data-testid=claim-" + taskId + "] >> visible=true")).hasCount(0);
        screenshot(loser, "claim-lost");
        assertThat(api.task(winnerName, taskId).body().path("assignee").asText()).isEqualTo(winnerName);
    }


    private static String location(Page page) {
        return (String) page.evaluate("() => location.href");
    }

    /** The visible element with this test id (the grid may keep a hidden copy of a row's buttons). */
    private static Locator visible(Page page, String testId) {
        return page.locator("[data-testid=" + testId + "] >> visible=true").first();
    }

    private static String uniqueBrand() {
        return "e2e-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
