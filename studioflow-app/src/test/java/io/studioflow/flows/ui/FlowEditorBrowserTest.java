package io.studioflow.flows.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.studioflow.flows.FlowsApi;
import io.studioflow.flows.ProductImageProcess;
import io.studioflow.testing.BrowserTest;
import io.studioflow.testing.StudioflowApi.Response;
import io.studioflow.testing.TestPhotos;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Acceptance 1 of the flow editor in Chromium: a manager opens the product flow in the bpmn-js modeler,
 * renames a task in the side panel and another on the canvas, adds a candidate group, deploys; the version
 * goes up in the grid and in the engine, a new image runs the new version while an image that was already
 * waiting in review finishes on the old one. And a broken edit is refused with its message on the element.
 */
class FlowEditorBrowserTest extends BrowserTest {

    private static final String REVIEW = "review-and-retouch";

    private FlowsApi flows;

    @BeforeEach
    void flowsApi() {
        flows = new FlowsApi(http);
    }

    @Test
    void managerEditsAndDeploysTheProductFlowWhileAnImageInReviewFinishesOnItsVersion() {
        int before = flows.latestVersion(ProductImageProcess.PROCESS_ID);
        String waitingImage = api.upload("photographer", "EDITOR-OLD-1", "brick.png", TestPhotos.bytes("brick.png"));
        JsonNode oldTask = api.awaitTask("retoucher", waitingImage);
        assertThat(oldTask.path("candidateGroups").toString()).isEqualTo("[\"retouchers\"]");

        Page page = openEditor();
        Locator grid = page.locator("[data-testid=flow-versions]");
        waitForGridRows(grid, 1);
        assertThat(gridCell(grid, "v" + before).count()).isPositive();
        assertThat(page.locator("[data-testid=opened-version]")).hasText(ProductImageProcess.PROCESS_ID + " v" + before);
        assertThat(page.locator("[data-testid=bpmn-modeler] .bjs-powered-by")).isVisible(); // the bpmn.io licence: watermark fully visible

        // the panel: rename the review task and add a group to it
        select(page, REVIEW);
        assertThat(page.locator("[data-testid=property-job-type]")).isHidden();
        Locator name = page.locator("[data-testid=property-name] input");
        assertThat(name).hasValue("Review and retouch");
        Locator groups = page.locator("[data-testid=property-candidate-groups] input");
        assertThat(groups).hasValue("retouchers");
        name.fill("Review, retouch and sign off");
        name.press("Tab");
        waitForVaadin(page);
        groups.fill("retouchers, photographers");
        groups.press("Tab");
        waitForVaadin(page);
        assertThat(shape(page, REVIEW)).containsText("sign off");
        assertThat(page.locator("[data-testid=unsaved-changes]")).isVisible();

        // the canvas: rename the publish task by double-click; the panel follows
        shape(page, "publish").dblclick();
        Locator directEditing = page.locator(".djs-direct-editing-parent");
        assertThat(directEditing).isVisible();
        page.keyboard().press("Control+A");
        page.keyboard().type("Publish to the shop");
        page.keyboard().press("Enter"); // ends direct editing, as a click elsewhere would
        select(page, "publish");
        assertThat(page.locator("[data-testid=property-name] input")).hasValue("Publish to the shop");
        assertThat(page.locator("[data-testid=property-job-type] input")).hasValue("publish");
        select(page, REVIEW);
        screenshot(page, "flow-editor-panel");

        page.locator("[data-testid=deploy-flow]").click();
        waitForVaadin(page);
        int newVersion = before + 1;
        assertThat(page.locator("[data-testid=opened-version]")).hasText(ProductImageProcess.PROCESS_ID + " v" + newVersion);
        assertThat(notification(page, "Deployed " + ProductImageProcess.PROCESS_ID + " as version " + newVersion)).isVisible();
        waitForGridRows(grid, 2);
        assertThat(gridCell(grid, "v" + newVersion).count()).isPositive();
        assertThat(gridCell(grid, "flow editor").count()).isPositive();
        assertThat(page.locator("[data-testid=unsaved-changes]")).isHidden();
        assertThat(page.locator("[data-testid=flow-problems]")).isEmpty();
        screenshot(page, "flow-editor-deployed");

        boolean rolledBackInTheEditor = false;
        try {
            // the engine and the records agree: a new version with both edits, deployed by the manager
            assertThat(flows.latestVersion(ProductImageProcess.PROCESS_ID)).isEqualTo(newVersion);
            String deployedXml = flows.get("auditor", "/api/flows/product-image/versions/" + newVersion).raw();
            assertThat(deployedXml).contains("name=\"Review, retouch and sign off\"", "name=\"Publish to the shop\"",
                    "candidateGroups=\"retouchers, photographers\"");
            JsonNode versions = flows.get("auditor", "/api/flows/product-image/versions").body();
            JsonNode mine = versions.get(versions.size() - 1);
            assertThat(mine.path("version").asInt()).isEqualTo(newVersion);
            assertThat(mine.path("deployedBy").asText()).isEqualTo("manager");

            page.locator("[data-testid=diff-versions]").click();
            Locator diff = page.locator("[data-testid=diff-result]");
            assertThat(diff).containsText("review-and-retouch");
            assertThat(diff).containsText("candidateGroups: retouchers → retouchers, photographers");
            assertThat(diff).containsText("name: Publish renditions → Publish to the shop");
            screenshot(page, "flow-editor-diff");

            // a new image runs the new version: its task has the added group, its steps ran in the new version
            String newImage = api.upload("photographer", "EDITOR-NEW-1", "brick.png", TestPhotos.bytes("brick.png"));
            JsonNode newTask = api.awaitTask("retoucher", newImage);
            assertThat(newTask.path("candidateGroups").toString()).isEqualTo("[\"retouchers\",\"photographers\"]");
            assertThat(flowVersions(newImage)).containsExactly(newVersion);

            // the image that was waiting finishes on its own, old version
            String taskId = oldTask.path("id").asText();
            assertThat(api.claim("retoucher", taskId).status()).isEqualTo(200);
            Response approved = api.complete("retoucher", taskId, "APPROVE", null);
            assertThat(approved.status()).as(approved.raw()).isEqualTo(200);
            assertThat(api.awaitStatus(waitingImage, "PUBLISHED", "REJECTED").path("status").asText()).isEqualTo("PUBLISHED");
            assertThat(api.historySteps(waitingImage)).contains("publish");
            assertThat(flowVersions(waitingImage)).containsExactly(before);

            String newTaskId = newTask.path("id").asText();
            assertThat(api.claim("photographer", newTaskId).status()).isEqualTo(200);
            Response rejected = api.complete("photographer", newTaskId, "REJECT", "wall, not a product");
            assertThat(rejected.status()).as(rejected.raw()).isEqualTo(200);

            // roll back in the editor: the old version is deployed again as the newest
            page.keyboard().press("Escape"); // the diff dialog
            gridCell(grid, "v" + before).click();
            page.locator("[data-testid=rollback-version]").click();
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Roll back").setExact(true)).click();
            waitForVaadin(page);
            int rollbackVersion = newVersion + 1;
            assertThat(page.locator("[data-testid=opened-version]")).hasText(ProductImageProcess.PROCESS_ID + " v" + rollbackVersion);
            assertThat(shape(page, REVIEW)).containsText("Review and retouch");
            assertThat(flows.latestVersion(ProductImageProcess.PROCESS_ID)).isEqualTo(rollbackVersion);
            rolledBackInTheEditor = true;
        } finally {
            if (!rolledBackInTheEditor) {
                // leave the shipped flow in force for the tests that share this application
                Response rolledBack = flows.post("admin", "/api/flows/product-image/versions/" + before + "/rollback");
                assertThat(rolledBack.status()).as(rolledBack.raw()).isEqualTo(201);
            }
        }
    }

    @Test
    void auditorMayLookAndCompareButNotDeploy() {
        Page page = login("auditor");
        page.locator("[data-testid=side-nav]").getByText("Flows").click();
        page.waitForURL("**/flows");
        waitForVaadin(page);
        shape(page, REVIEW).waitFor();
        assertThat(page.locator("[data-testid=deploy-flow]")).isHidden();
        assertThat(page.locator("[data-testid=rollback-version]")).isHidden();
        assertThat(page.locator("[data-testid=validate-flow]")).isVisible();
        select(page, REVIEW);
        assertThat(page.locator("[data-testid=property-name]")).hasAttribute("readonly", "");
    }

    @Test
    void unknownJobTypeSetInThePanelIsRefusedWithTheMessageOnTheTask() {
        int before = flows.latestVersion(ProductImageProcess.PROCESS_ID);
        Page page = openEditor();

        select(page, "compose");
        Locator jobType = page.locator("[data-testid=property-job-type] input");
        assertThat(jobType).hasValue("compose");
        jobType.fill("compose-v2");
        jobType.press("Enter");
        waitForVaadin(page);
        page.locator("[data-testid=deploy-flow]").click();
        waitForVaadin(page);

        String message = "No worker handles job type 'compose-v2'";
        Locator note = page.locator(".sf-problem-note[data-element-id=compose]");
        assertThat(note).isVisible();
        assertThat(note).containsText(message);
        assertThat(page.locator(".djs-element.sf-problem[data-element-id=compose]")).hasCount(1);
        assertThat(page.locator("[data-testid=flow-problems] [data-element-id=compose]")).containsText(message);
        assertThat(notification(page, "Not deployed: fix the problem marked on the diagram")).isVisible();
        assertThat(page.locator("[data-testid=opened-version]")).hasText(ProductImageProcess.PROCESS_ID + " v" + before);
        assertThat(page.locator("[data-testid=bpmn-modeler] .bjs-powered-by")).isVisible();
        // closer, and the problem's element brought into view from the list
        Locator zoomIn = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Zoom in"));
        zoomIn.click();
        zoomIn.click();
        page.locator("[data-testid=flow-problems] [data-element-id=compose] vaadin-button").click();
        waitForVaadin(page);
        assertThat(note).isInViewport();
        screenshot(page, "flow-editor-problems");
        assertThat(flows.latestVersion(ProductImageProcess.PROCESS_ID)).as("nothing was deployed").isEqualTo(before);
    }

    private Page openEditor() {
        Page page = login("manager");
        page.locator("[data-testid=side-nav]").getByText("Flows").click();
        page.waitForURL("**/flows");
        waitForVaadin(page);
        assertThat(page).hasTitle("Flows · Studioflow");
        shape(page, REVIEW).waitFor();
        return page;
    }

    private static Locator notification(Page page, String text) {
        return page.locator("vaadin-notification-card").filter(new Locator.FilterOptions().setHasText(text)).first();
    }

    /** The shape of a BPMN element as bpmn-js draws it. */
    private static Locator shape(Page page, String elementId) {
        return page.locator("[data-testid=bpmn-modeler] .djs-element.djs-shape[data-element-id=" + elementId + "]");
    }

    private void select(Page page, String elementId) {
        shape(page, elementId).click();
        assertThat(page.locator("[data-testid=selected-element]")).containsText(elementId);
        waitForVaadin(page);
    }

    /** The flow versions the image's steps ran in, as the engine reported them to the workers. */
    private Set<Integer> flowVersions(String imageId) {
        List<JsonNode> history = api.history(imageId);
        return history.stream().map(e -> e.path("processDefinitionVersion"))
                .filter(JsonNode::isInt).map(JsonNode::asInt).collect(Collectors.toSet());
    }

}
