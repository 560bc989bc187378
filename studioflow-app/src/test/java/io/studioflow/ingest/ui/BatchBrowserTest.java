package io.studioflow.ingest.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.JSHandle;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.studioflow.ingest.batch.BatchIntake;
import io.studioflow.testing.BrowserTest;
import io.studioflow.testing.HostileArchives;
import io.studioflow.testing.StudioPhotos;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Acceptance 1 of the batch issue in Chromium: a photographer drops a ZIP of 30 photos and a CSV manifest on the
 * batches page (a real drop event carrying the files), watches each file's upload progress reach its end, starts the
 * batch and follows it on its page until every image is through the machine.
 */
class BatchBrowserTest extends BrowserTest {

    private static final int PHOTOS = 30;
    private static final List<String> ANGLES = List.of("front", "back", "detail");

    @Test
    void aPhotographerDropsAZipWithAManifestAndFollowsTheBatchToTheEnd() {
        List<byte[]> shots = new ArrayList<>();
        shots.addAll(StudioPhotos.packshots("orange.jpg", PHOTOS / 3));
        shots.addAll(StudioPhotos.packshots("baboon.jpg", PHOTOS / 3));
        shots.addAll(StudioPhotos.packshots("plant.jpg", PHOTOS - 2 * (PHOTOS / 3)));
        HostileArchives zip = HostileArchives.zip();
        StringBuilder manifest = new StringBuilder("file,sku,angle\n");
        for (int i = 0; i < PHOTOS; i++) {
            String name = String.format("IMG_%04d.jpg", 7100 + i);
            zip.stored("season/" + name, shots.get(i));
            manifest.append(name).append(",SEASON-").append(i / 3 + 1).append(',').append(ANGLES.get(i % 3)).append('\n');
        }
        byte[] archive = zip.bytes();

        Page page = login("photographer");
        page.locator("[data-testid=side-nav] vaadin-side-nav-item", new Page.LocatorOptions().setHasText("Batches")).click();
        waitForVaadin(page);
        assertThat(page).hasTitle("Batches · Studioflow");
        page.locator("[data-testid=batch-name] input").fill("Season drop");

        // a real drop: a DataTransfer holding the two files, dropped on the upload area
        JSHandle files = page.evaluateHandle("([zip, csv]) => { const dt = new DataTransfer();"
                + " const bytes = b => Uint8Array.from(atob(b), c => c.charCodeAt(0));"
                + " dt.items.add(new File([bytes(zip)], 'season.zip', {type: 'application/zip'}));"
                + " dt.items.add(new File([bytes(csv)], 'manifest.csv', {type: 'text/csv'}));"
                + " return dt; }", List.of(Base64.getEncoder().encodeToString(archive),
                Base64.getEncoder().encodeToString(manifest.toString().getBytes(StandardCharsets.UTF_8))));
        Locator upload = page.locator("[data-testid=batch-upload]");
        upload.dispatchEvent("dragover", Map.of("dataTransfer", files));
        upload.dispatchEvent("drop", Map.of("dataTransfer", files));

        // each file's progress bar runs to its end
        Locator uploaded = upload.locator("vaadin-upload-file");
        assertThat(uploaded).hasCount(2);
        assertThat(uploaded.nth(0)).hasAttribute("complete", "");
        assertThat(uploaded.nth(1)).hasAttribute("complete", "");
        assertThat(page.locator("[data-testid=batch-received]")).hasText("1 file(s) received and a manifest");
        screenshot(page, "batch-dropped");

        page.locator("[data-testid=batch-start]").click();
        waitForVaadin(page);
        assertThat(page).hasTitle("Season drop · Batches · Studioflow");
        Locator progress = page.locator("[data-testid=batch-progress]");

        boolean[] midway = {false};
        Awaitility.await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(1)).pollInSameThread().untilAsserted(() -> {
            double done = Double.parseDouble(progress.getAttribute("data-value"));
            if (!midway[0] && done > 0.2 && done < 0.9) {
                screenshot(page, "batch-midway");
                midway[0] = true;
            }
            assertThat(page.locator("[data-testid=batch-status]").textContent()).isNotEqualTo("receiving");
            assertThat(done).isEqualTo(1.0);
        });
        assertThat(page.locator("[data-testid=batch-progress-label]")).containsText(PHOTOS + " of " + PHOTOS + " images through the machine");
        long published = Long.parseLong(page.locator("[data-testid=stage-published]").textContent());
        long review = Long.parseLong(page.locator("[data-testid=stage-in_review]").textContent());
        long retake = Long.parseLong(page.locator("[data-testid=stage-retake]").textContent());
        long rejected = Long.parseLong(page.locator("[data-testid=stage-rejected]").textContent());
        assertThat(published + review + retake + rejected).isEqualTo(PHOTOS);
        assertThat(page.locator("[data-testid=stage-queued]")).hasText("0");
        assertThat(page.locator("[data-testid=batch-problems]")).containsText("Every file became a new image");
        screenshot(page, "batch-done");
    }
}
