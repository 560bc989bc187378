package io.studioflow.audit.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.studioflow.testing.BrowserTest;
import io.studioflow.testing.StudioPhotos;
import io.studioflow.testing.TestPhotos;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A manager opens the production dashboard from the navigation, reads the headline cards and the charts, and narrows
 * it to one brand: one image published on its own, one a retoucher approved, one rejected.
 */
class DashboardViewBrowserTest extends BrowserTest {

    @Test
    void aManagerReadsTheDashboardAndNarrowsItToOneBrand() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String brand = "e2e-dash-" + run;
        String auto = api.upload("photographer", "E2E-DASH-AUTO-" + run, brand, null, "vase.jpg",
                StudioPhotos.packshot("coffee.png"));
        String reviewed = api.upload("photographer", "E2E-DASH-WALL-" + run, brand, null, "wall.png",
                TestPhotos.bytes("brick.png"));
        String rejected = api.upload("photographer", "E2E-DASH-GRAVEL-" + run, brand, null, "gravel.png",
                TestPhotos.bytes("gravel.png"));
        String task = api.awaitTask("retoucher", reviewed).path("id").asText();
        assertThat(api.claim("retoucher", task).status()).isEqualTo(200);
        assertThat(api.complete("retoucher", task, "APPROVE", "texture is the product").status()).isEqualTo(200);
        String rejection = api.awaitTask("retoucher", rejected).path("id").asText();
        assertThat(api.claim("retoucher", rejection).status()).isEqualTo(200);
        assertThat(api.complete("retoucher", rejection, "REJECT", "no product in the photo").status()).isEqualTo(200);
        api.awaitStatus(auto, "PUBLISHED");
        api.awaitStatus(reviewed, "PUBLISHED");
        api.awaitStatus(rejected, "REJECTED");

        Page page = login("manager");
        page.locator("[data-testid=side-nav] vaadin-side-nav-item", new Page.LocatorOptions().setHasText("Dashboard")).click();
        page.waitForURL("**/dashboard");
        waitForVaadin(page);
        assertThat(page.locator("[data-testid=dashboard-cards]")).isVisible();
        for (String chart : List.of("throughput", "queues", "auto", "confidence", "rejections", "sample", "cost")) {
            Locator svg = page.locator("[data-testid=chart-" + chart + "] svg").first();
            assertThat(svg).isVisible();
        }
        // tall enough for the whole dashboard in one picture (the layout scrolls inside, not the page)
        page.setViewportSize(1440, 2000);
        waitForVaadin(page);
        screenshot(page, "dashboard");

        page.locator("[data-testid=dashboard-brand] input").fill(brand);
        page.locator("[data-testid=dashboard-show]").click();
        waitForVaadin(page);
        // the images settled a moment ago: their audit events reach Elasticsearch within a second or two
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).pollInSameThread().untilAsserted(() -> {
            page.locator("[data-testid=dashboard-show]").click();
            waitForVaadin(page);
            assertThat(page.locator("[data-testid=card-auto]").textContent()).contains("1 of 3");
        });
        assertThat(page.locator("[data-testid=card-touch-value]")).hasText("66.7 %");
        assertThat(page.locator("[data-testid=card-throughput]")).containsText("3 finished");
        assertThat(page.locator("[data-testid=dashboard-note]")).containsText("brand " + brand);
        screenshot(page, "dashboard-brand");
    }
}
