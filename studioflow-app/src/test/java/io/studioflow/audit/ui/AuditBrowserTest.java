package io.studioflow.audit.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.studioflow.testing.BrowserTest;
import io.studioflow.testing.StudioPhotos;
import io.studioflow.testing.StudioflowApi.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** An auditor finds a published image by its sku, reads its timeline, verifies it and exports it as CSV. */
class AuditBrowserTest extends BrowserTest {

    @Test
    void anAuditorFindsAnImageBySkuVerifiesItAndExportsCsv() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String sku = "E2E-AUDIT-" + run;
        String brand = "e2e-audit-" + run;
        Response upload = api.postMultipart("photographer", "/api/images",
                Map.of("sku", sku, "brand", brand, "session", "shoot-" + run), "vase.jpg", StudioPhotos.packshot("coffee.png"));
        assertThat(upload.status()).as(upload.raw()).isEqualTo(202);
        String imageId = upload.text("id");
        api.awaitStatus(imageId, "PUBLISHED");
        int events = api.history(imageId).size();

        Page page = login("auditor");
        page.navigate(url("/audit"));
        waitForVaadin(page);
        page.locator("[data-testid=search-sku] input").fill(sku);
        page.locator("[data-testid=search]").click();
        waitForVaadin(page);

        // one image matches: its timeline opens with a thumbnail of every version and every event
        assertThat(page.locator("[data-testid=timeline-heading]")).containsText(sku);
        assertThat(page.locator("[data-testid=timeline-heading]")).containsText("PUBLISHED");
        for (String version : List.of("original", "ai", "result")) {
            Locator thumbnail = page.locator("[data-testid=version-" + version + "] img");
            assertThat(thumbnail).isVisible();
            page.waitForFunction("img => img.complete && img.naturalWidth > 0", thumbnail.elementHandle());
        }
        Locator history = waitForGridRows(page.locator("[data-testid=audit-history]"), events);
        assertThat(gridSize(history)).isEqualTo(events);
        assertThat(gridCell(history, "SEGMENTED").first()).isVisible();
        assertThat(gridCell(history, "PUBLISHED").first()).isVisible();
        screenshot(page, "audit-timeline");

        page.locator("[data-testid=verify]").click();
        waitForVaadin(page);
        assertThat(page.locator("[data-testid=audit-verdict]")).containsText("Intact: " + events + " events");
        screenshot(page, "audit-verified");

        Download download = page.waitForDownload(() -> page.locator("[data-testid=export-csv]").click());
        assertThat(download.suggestedFilename()).isEqualTo("audit-image-" + sku + ".csv");
        String csv = Files.readString(download.path(), StandardCharsets.UTF_8);
        String[] lines = csv.split("\r\n");
        assertThat(lines[0]).startsWith("time,imageId,sku,brand,batch,sequence,step");
        assertThat(lines).hasSize(events + 1);
        assertThat(lines[1]).contains(imageId).contains(sku).contains(",ingest,");

        page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("Figures")).click();
        waitForVaadin(page);
        page.locator("[data-testid=figures-brand] input").fill(brand);
        page.locator("[data-testid=figures-show]").click();
        waitForVaadin(page);
        assertThat(page.locator("[data-testid=figures-summary]")).containsText("1 image · 0 touched by a person · human-touch rate 0.0 %");
        screenshot(page, "audit-figures");
    }
}
