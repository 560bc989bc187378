package io.studioflow.review.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.studioflow.flows.FlowsApi;
import io.studioflow.testing.BrowserTest;
import io.studioflow.testing.StudioflowApi.Response;
import io.studioflow.testing.TestPhotos;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Four eyes in a real browser: under a policy with four-eyes for the brand, the retoucher who approved an
 * image finds its second approval in the inbox marked as such but cannot claim it; retoucher2 sees who
 * approved first and with which comment, ticks the checklist and approves, and the image is published.
 */
class FourEyesBrowserTest extends BrowserTest {

    @Test
    void theFirstApproverSeesTheSecondApprovalButAnotherRetoucherDecidesIt() {
        String brand = "e2e-4eyes-" + UUID.randomUUID().toString().substring(0, 8);
        FlowsApi flows = new FlowsApi(http);
        Response before = flows.get("manager", "/api/policy");
        int versionBefore = before.body().path("version").asInt();
        try {
            List<Object> rows = new ArrayList<>();
            before.body().path("rows").forEach(rows::add);
            rows.add(Map.of("brand", brand, "preset", "*", "fourEyes", true));
            Response deployed = flows.putJson("manager", "/api/policy", Map.of("rows", rows));
            assertThat(deployed.status()).as(deployed.raw()).isEqualTo(201);

            String imageId = api.upload("photographer", "E2E-4EYES", brand, 80, "brick.png", TestPhotos.bytes("brick.png"));
            String reviewId = api.awaitTask("retoucher", imageId).path("id").asText();
            assertThat(api.claim("retoucher", reviewId).status()).isEqualTo(200);
            assertThat(api.complete("retoucher", reviewId, "APPROVE", "wall texture kept on purpose").status()).isEqualTo(200);
            String secondId = api.awaitTask("retoucher", imageId, t -> "SECOND_APPROVAL".equals(t.path("kind").asText()))
                    .path("id").asText();

            // the first approver: the row says second approval, offers View instead of Claim
            Page first = login("retoucher");
            filterInboxByBrand(first, brand);
            Locator grid = first.locator("[data-testid=inbox-grid]");
            assertThat(grid.locator("vaadin-grid-cell-content").filter(new Locator.FilterOptions()
                    .setHasText("Second approval (four eyes)")).first()).isVisible();
            assertThat(first.locator("[data-testid=claim-" + secondId + "] >> visible=true")).hasCount(0);
            screenshot(first, "four-eyes-inbox-first-approver");
            visible(first, "view-" + secondId).click();
            first.waitForURL(Pattern.compile(".*/task\\?id=" + secondId));
            waitForVaadin(first);
            assertThat(first.locator("[data-testid=task-first-approval]")).containsText(
                    "First approved by retoucher: “wall texture kept on purpose”");
            assertThat(first.locator("[data-testid=task-first-approval]")).containsText("someone else must decide this one");
            assertThat(first.locator("[data-testid=task-claim]")).hasCount(0);
            screenshot(first, "four-eyes-task-first-approver");

            // someone else decides it
            Page second = newSession("retoucher2");
            second.navigate(url("/task?id=" + secondId));
            waitForVaadin(second);
            assertThat(second.locator("[data-testid=task-first-approval]")).containsText("First approved by retoucher");
            second.locator("[data-testid=task-claim]").click();
            waitForVaadin(second);
            assertThat(second.locator("[data-testid=task-state]")).hasText("Yours");
            screenshot(second, "four-eyes-second-approver-claimed");
            Locator boxes = second.locator("[data-testid=task-checklist] vaadin-checkbox");
            for (int i = 0; i < boxes.count(); i++) {
                boxes.nth(i).click();
            }
            waitForVaadin(second);
            screenshot(second, "four-eyes-second-approval");
            second.locator("[data-testid=task-approve]").click();
            second.waitForURL(Pattern.compile(".*/inbox$"));

            assertThat(api.awaitStatus(imageId, "PUBLISHED", "REJECTED").path("status").asText()).isEqualTo("PUBLISHED");
            List<String> approvers = api.history(imageId).stream()
                    .filter(e -> e.path("decision").asText().equals("APPROVE"))
                    .map(e -> e.path("actor").path("name").asText()).toList();
            assertThat(approvers).containsExactly("retoucher", "retoucher2");
        } finally {
            Response restored = flows.post("admin", "/api/flows/review-routing/versions/" + versionBefore + "/rollback");
            assertThat(restored.status()).as(restored.raw()).isIn(200, 201);
        }
    }


    /** The visible element with this test id (the grid may keep a hidden copy of a row's buttons). */
    private static Locator visible(Page page, String testId) {
        return page.locator("[data-testid=" + testId + "] >> visible=true").first();
    }
}
