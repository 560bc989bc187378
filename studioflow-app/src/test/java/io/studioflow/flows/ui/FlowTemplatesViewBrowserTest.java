package io.studioflow.flows.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.studioflow.testing.BrowserTest;
import io.studioflow.testing.StudioflowApi.Response;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The flow templates view in Chromium: a manager finds it in the menu, sees the shipped templates, starts a new one,
 * is told on the fields what is wrong with it, fixes it and saves it; uploads can then name it.
 */
class FlowTemplatesViewBrowserTest extends BrowserTest {

    @Test
    void aManagerCreatesATemplateAfterBeingToldWhatIsWrong() {
        Page page = login("manager");
        page.locator("[data-testid=side-nav] vaadin-side-nav-item", new Page.LocatorOptions().setHasText("Flow templates"))
                .click();
        waitForVaadin(page);
        assertThat(page).hasTitle("Flow templates · Studioflow");
        Locator grid = waitForGridRows(page.locator("[data-testid=templates-grid]"), 2);
        gridCell(grid, "Jewellery with shadow").click();
        waitForVaadin(page);
        assertThat(page.locator("[data-testid=template-heading]")).containsText("Jewellery with shadow");
        assertThat(page.locator("[data-testid=template-preset] input")).hasValue("shopify");
        screenshot(page, "flow-templates");

        page.locator("[data-testid=template-new]").click();
        waitForVaadin(page);
        assertThat(page.locator("[data-testid=template-heading]")).hasText("New template");
        String id = "ui-" + UUID.randomUUID().toString().substring(0, 8);
        page.locator("[data-testid=template-id] input").fill("Not An Id");
        page.locator("[data-testid=template-brand] input").fill("../etc");
        page.locator("[data-testid=template-save]").click();
        waitForVaadin(page);
        // nothing chosen, a wrong id and brand: each field says what to fix
        assertThat(page.locator("[data-testid=template-id]")).hasAttribute("invalid", "");
        assertThat(page.locator("[data-testid=template-id]")).containsText("lower-case letters");
        assertThat(page.locator("[data-testid=template-label]")).containsText("name people recognise");
        assertThat(page.locator("[data-testid=template-process]")).containsText("Choose the flow");
        assertThat(page.locator("[data-testid=template-brand]")).containsText("A brand is");
        screenshot(page, "flow-templates-invalid");

        page.locator("[data-testid=template-id] input").fill(id);
        page.locator("[data-testid=template-label] input").fill("Shoes on grey " + id);
        page.locator("[data-testid=template-brand] input").fill("Lumen");
        Locator process = page.locator("[data-testid=template-process] input");
        process.fill("product-image");
        process.press("Enter");
        Locator preset = page.locator("[data-testid=template-preset] input");
        preset.fill("etsy");
        preset.press("Enter");
        page.locator("[data-testid=template-priority] input").fill("70");
        page.locator("[data-testid=template-priority] input").press("Tab");
        page.locator("[data-testid=template-save]").click();
        waitForVaadin(page);
        assertThat(page.locator("vaadin-notification-card").last()).containsText("as version 1");
        assertThat(gridCell(grid, "Shoes on grey " + id)).hasCount(1);
        assertThat(page.locator("[data-testid=template-id]")).not().hasAttribute("invalid", "");
        screenshot(page, "flow-templates-saved");

        Response stored = api.get("photographer", "/api/flow-templates/" + id);
        assertThat(stored.status()).as(stored.raw()).isEqualTo(200);
        assertThat(stored.body().path("processId").asText()).isEqualTo("product-image");
        assertThat(stored.body().path("preset").asText()).isEqualTo("etsy");
        assertThat(stored.body().path("brand").asText()).isEqualTo("Lumen");
        assertThat(stored.body().path("priority").asInt()).isEqualTo(70);
        assertThat(stored.body().path("updatedBy").asText()).isEqualTo("manager");
    }
}
