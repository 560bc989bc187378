package io.studioflow.publishing.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.studioflow.testing.BrowserTest;
import io.studioflow.testing.StudioflowApi.Response;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The presets view in Chromium: a manager finds it in the menu, opens a preset, types a fill the rules refuse and
 * sees it marked on the field with Save disabled, then starts a new preset from it, saves it, and the workers'
 * catalogue (read over the REST API) has it.
 */
class PresetsViewBrowserTest extends BrowserTest {

    @Test
    void aManagerChecksAnEditLiveAndSavesANewPresetBasedOnAnother() {
        Page page = login("manager");
        page.locator("[data-testid=side-nav] vaadin-side-nav-item", new Page.LocatorOptions().setHasText("Presets"))
                .click();
        waitForVaadin(page);
        assertThat(page).hasTitle("Presets · Studioflow");
        Locator grid = waitForGridRows(page.locator("[data-testid=presets-grid]"), 5);

        gridCell(grid, "amazon-main").click();
        waitForVaadin(page);
        assertThat(page.locator("[data-testid=preset-heading]")).hasText("amazon-main");
        assertThat(page.locator("[data-testid=preset-fill] input")).hasValue("88");
        assertThat(page.locator("[data-testid=preset-checklist] textarea"))
                .hasValue(Pattern.compile(".*Amazon main image.*", Pattern.DOTALL));

        Locator fill = page.locator("[data-testid=preset-fill] input");
        fill.fill("150");
        fill.press("Tab");
        Locator background = page.locator("[data-testid=preset-background] input");
        background.fill("light grey");
        background.press("Tab");
        waitForVaadin(page);
        assertThat(page.locator("[data-testid=preset-fill]")).hasAttribute("invalid", "");
        assertThat(page.locator("[data-testid=preset-fill]")).containsText("at most 100 %");
        assertThat(page.locator("[data-testid=preset-background]")).hasAttribute("invalid", "");
        assertThat(page.locator("[data-testid=preset-background]")).containsText("#RRGGBB");
        assertThat(page.locator("[data-testid=preset-save]")).isDisabled();
        screenshot(page, "presets-invalid-edit");

        // a new preset from the selected one: its settings, a name of its own
        page.locator("[data-testid=preset-new]").click();
        waitForVaadin(page);
        assertThat(page.locator("[data-testid=preset-heading]")).hasText("New preset");
        String id = "ui-" + UUID.randomUUID().toString().substring(0, 8);
        Locator name = page.locator("[data-testid=preset-id] input");
        name.fill(id);
        name.press("Tab");
        fill.fill("70");
        fill.press("Tab");
        background.fill("#F2F2F2");
        background.press("Tab");
        page.locator("[data-testid=preset-checklist] textarea").fill("Label faces the camera\nNo price tags");
        page.locator("[data-testid=preset-checklist] textarea").press("Tab");
        waitForVaadin(page);
        assertThat(page.locator("[data-testid=preset-save]")).isEnabled();
        page.locator("[data-testid=preset-save]").click();
        waitForVaadin(page);
        assertThat(page.locator("vaadin-notification-card").last()).containsText("Saved " + id + " as version 1");
        assertThat(gridCell(grid, id)).hasCount(1);
        assertThat(page.locator("[data-testid=preset-status]")).containsText("Version 1, saved by manager");
        screenshot(page, "presets-saved-new");

        Response stored = api.get("retoucher", "/api/presets/" + id);
        assertThat(stored.status()).as(stored.raw()).isEqualTo(200);
        assertThat(stored.body().path("fill").asDouble()).isEqualTo(0.7);
        assertThat(stored.body().path("background").asText()).isEqualTo("#F2F2F2");
        assertThat(stored.body().path("width").asInt()).isEqualTo(2000);
        assertThat(stored.body().path("checklist").size()).isEqualTo(2);
    }
}
