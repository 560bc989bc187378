package io.studioflow.flows.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.studioflow.testing.BrowserTest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The policy table in a real browser: a manager sees the deployed rows, edits a threshold and runs a
 * what-if on the draft (nothing is deployed). */
class PolicyViewBrowserTest extends BrowserTest {

    @Test
    void managerSeesThePolicyRowsAndRunsAWhatIf() {
        Page page = login("manager");
        page.navigate(url("/policy"));
        waitForVaadin(page);
        assertThat(page).hasTitle("Routing policy · Studioflow");

        Locator grid = page.locator("[data-testid=policy-rows]");
        waitForGridRows(grid, 4);
        assertThat(gridCell(grid, "segmentation").count()).isPositive();
        assertThat(gridCell(grid, "below 0.75").count()).isPositive();

        // edit the segmentation threshold in the grid's editor, then weigh the draft
        gridCell(grid, "below 0.75").dblclick();
        waitForVaadin(page);
        Locator threshold = grid.locator("vaadin-number-field").first().locator("input");
        threshold.fill("0.99");
        threshold.press("Tab");
        waitForVaadin(page);
        screenshot(page, "policy-editing");
        page.locator("[data-testid=what-if]").click();
        waitForVaadin(page);
        assertThat(gridCell(grid, "below 0.99").count()).isPositive();
        assertThat(page.locator("[data-testid=what-if-result]")).containsText("Replayed");
        assertThat(page.locator("[data-testid=what-if-result]")).containsText("with this draft");
        Path shot = screenshot(page, "policy-what-if");
        assertThat(shot).isRegularFile();
    }
}
