package io.studioflow.platform.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.studioflow.testing.BrowserTest;
import io.studioflow.testing.StudioPhotos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Signing in and out through a real browser, and the first view a user sees. */
class LoginBrowserTest extends BrowserTest {

    @Test
    void aWrongPasswordShowsTheFormsErrorAndStaysOnTheLoginPage() {
        Page page = open("/login");
        assertThat(page).hasTitle("Sign in · Studioflow");
        Path loginPage = screenshot(page, "login");

        submitLogin(page, "retoucher", "not-the-password");

        page.waitForURL(Pattern.compile(".*/login\\?error.*"));
        waitForVaadin(page);
        Locator form = page.locator("vaadin-login-form");
        assertThat(form).hasAttribute("error", "");
        assertThat(form.getByText("Incorrect username or password")).isVisible();
        assertThat(page.locator("[data-testid=current-user]")).hasCount(0);
        assertThat(loginPage).isRegularFile();
        screenshot(page, "login-error");
    }

    @Test
    void aRetoucherSignsInSeesTheImagesAndSignsOut() throws Exception {
        // a photo too small to publish stops at capture QC (no model run), so the grid has a known row
        String sku = "LOGIN-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        String imageId = api.upload("photographer", sku, "tiny.jpg", StudioPhotos.tiny("coffee.png"));
        api.awaitStatus(imageId, "RETAKE");

        Page page = login("retoucher");

        // people who work tasks start in their inbox
        assertThat(page).hasURL(url("/inbox"));
        assertThat(page).hasTitle("Inbox · Studioflow");
        assertThat(page.locator("[data-testid=current-user]")).hasText("retoucher (retoucher)");
        page.navigate(url("/images"));
        waitForVaadin(page);
        assertThat(page).hasTitle("Images · Studioflow");
        Locator grid = page.locator("vaadin-grid");
        // the list is a search: a photo written a moment ago shows once the index has refreshed (≤ 1 s)
        // (Playwright is single-threaded: poll in the test's own thread)
        await().atMost(Duration.ofSeconds(15)).pollInSameThread().untilAsserted(() -> {
            if (gridCell(grid, sku).count() == 0) {
                page.reload();
                waitForGridRows(grid, 1);
            }
            assertThat(gridCell(grid, sku).count()).as("row of %s", sku).isEqualTo(1);
        });
        assertThat(gridCell(grid, "RETAKE").first()).isVisible();
        Path imagesView = screenshot(page, "images-view");
        assertThat(Files.size(imagesView)).isGreaterThan(10_000);

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();

        page.waitForURL(Pattern.compile(".*/login$"));
        waitForVaadin(page);
        assertThat(page.locator("vaadin-login-form")).isVisible();
        assertThat(page.locator("[data-testid=current-user]")).hasCount(0);
        // signed out for real: the app sends the same browser back to the login page
        page.navigate(url("/"));
        page.waitForURL(Pattern.compile(".*/login$"));
    }

    @Test
    void twoPeopleAreSignedInAtOnceInSeparateSessions() {
        Page retoucher = login("retoucher");
        Page manager = newSession("manager");

        assertThat(retoucher.locator("[data-testid=current-user]")).hasText("retoucher (retoucher)");
        assertThat(manager.locator("[data-testid=current-user]")).hasText("manager (manager)");
        assertThat(retoucher.context()).isNotSameAs(manager.context());
    }
}
