package io.studioflow.flows;

import static io.camunda.zeebe.process.test.assertions.BpmnAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.zeebe.client.ZeebeClient;
import io.camunda.zeebe.client.api.response.ActivatedJob;
import io.camunda.zeebe.client.api.response.ProcessInstanceEvent;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.extension.ZeebeProcessTest;
import io.studioflow.policy.PolicyRow;
import io.studioflow.policy.RoutingPolicy;
import io.studioflow.policy.RoutingPolicyDmn;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Drives the real {@code processes/product-image.bpmn} and {@code processes/review-routing.dmn} on the
 * embedded engine, one test per path. Job outcomes are given here, so each path is tested on its own; the
 * workers that produce them are tested with the real images and model elsewhere.
 */
@ZeebeProcessTest
class ProductImageProcessTest {

    private static final String USER_TASK = "io.camunda.zeebe:userTask";
    /** The shipped thresholds, and four eyes for brand acme. */
    private static final RoutingPolicy FOUR_EYES_FOR_ACME = new RoutingPolicy(List.of(
            new PolicyRow("*", "*", "segmentation", 0.75, null, false),
            new PolicyRow("*", "*", "composition", 0.6, null, false),
            new PolicyRow("*", "*", "colour", 0.4, null, false),
            new PolicyRow("*", "*", "qc", 0.5, null, false),
            new PolicyRow("acme", "*", null, null, null, true)));

    private ZeebeTestEngine engine;
    private ZeebeClient client;

    @BeforeEach
    void deploy() {
        Path processes = Path.of(System.getProperty("studioflow.root", "..")).resolve("processes");
        assertThat(client.newDeployResourceCommand()
                .addResourceFile(processes.resolve("product-image.bpmn").toString())
                .addResourceFile(processes.resolve("review-routing.dmn").toString())
                .send().join()).containsProcessesByBpmnProcessId("product-image");
    }

    @Test
    void confidentImageIsPublishedWithoutAHuman() throws Exception {
        ProcessInstanceEvent instance = start();

        completeJob("capture-qc", Map.of("qc", qc(true, 0.9)));
        completeProcessing(0.95);
        completeJob("publish", Map.of());

        assertThat(instance).isCompleted()
                .hasPassedElementsInOrder("capture-qc", "remove-background", "correct-colour", "compose",
                        "review-routing", "publish", "published")
                .hasNotPassedElement("review-and-retouch")
                .hasNoIncidents();
        Map<String, Object> autoApproved = new LinkedHashMap<>();
        autoApproved.put("route", "AUTO_APPROVE");
        autoApproved.put("reason", "Every automated step is confident");
        autoApproved.put("check", null); // no check sent it to a human
        assertThat(instance).hasVariableWithValue("routing", autoApproved);
    }

    @Test
    void doubtfulSegmentationGoesToARetoucherWhoApproves() throws Exception {
        ProcessInstanceEvent instance = start();
        completeJob("capture-qc", Map.of("qc", qc(true, 0.9)));
        completeProcessing(0.4);

        ActivatedJob task = activate(USER_TASK);
        assertThat(task.getElementId()).isEqualTo("review-and-retouch");
        assertThat(task.getCustomHeaders()).containsEntry("io.camunda.zeebe:candidateGroups", "[\"retouchers\"]");
        assertThat(instance).isWaitingAtElements("review-and-retouch");
        Map<?, ?> routing = (Map<?, ?>) task.getVariablesAsMap().get("routing");
        assertThat(routing.get("route")).isEqualTo("HUMAN_REVIEW");
        assertThat(routing.get("check")).as("the check that sent it to a human, for the inbox filter").isEqualTo("segmentation");

        complete(task, Map.of("review", review("APPROVE")));
        completeJob("publish", Map.of());

        assertThat(instance).isCompleted().hasPassedElementsInOrder("review-and-retouch", "publish", "published")
                .as("the shipped policy asks for no four eyes").hasNotPassedElement("second-approval");
    }

    @Test
    void fourEyesBrandNeedsASecondApprovalBeforePublishing() throws Exception {
        deployPolicy(FOUR_EYES_FOR_ACME);
        ProcessInstanceEvent instance = start("acme");
        completeJob("capture-qc", Map.of("qc", qc(true, 0.9)));
        completeProcessing(0.4);

        ActivatedJob firstReview = activate(USER_TASK);
        assertThat(firstReview.getElementId()).isEqualTo("review-and-retouch");
        assertThat(((Map<?, ?>) firstReview.getVariablesAsMap().get("routing")).get("fourEyes")).isEqualTo(true);
        complete(firstReview, Map.of("review", review("APPROVE", "retoucher")));

        ActivatedJob second = activate(USER_TASK);
        assertThat(second.getElementId()).isEqualTo("second-approval");
        assertThat(second.getCustomHeaders()).containsEntry("io.camunda.zeebe:candidateGroups", "[\"retouchers\"]");
        assertThat(((Map<?, ?>) second.getVariablesAsMap().get("review")).get("reviewer"))
                .as("the first approval is what the second approver sees").isEqualTo("retoucher");
        assertThat(instance).isWaitingAtElements("second-approval");
        complete(second, Map.of("review", review("APPROVE", "retoucher2")));
        completeJob("publish", Map.of());

        assertThat(instance).isCompleted()
                .hasPassedElementsInOrder("review-and-retouch", "review-decision", "four-eyes", "second-approval",
                        "second-decision", "publish-join", "publish", "published")
                .hasPassedElement("second-approval", 1)
                .hasNoIncidents();
    }

    @Test
    void otherBrandUnderAFourEyesPolicyIsPublishedAfterOneApproval() throws Exception {
        deployPolicy(FOUR_EYES_FOR_ACME);
        ProcessInstanceEvent instance = start("other");
        completeJob("capture-qc", Map.of("qc", qc(true, 0.9)));
        completeProcessing(0.4);

        ActivatedJob review = activate(USER_TASK);
        assertThat(((Map<?, ?>) review.getVariablesAsMap().get("routing")).get("fourEyes")).isEqualTo(false);
        complete(review, Map.of("review", review("APPROVE")));
        completeJob("publish", Map.of());

        assertThat(instance).isCompleted().hasPassedElementsInOrder("review-and-retouch", "four-eyes", "publish", "published")
                .hasNotPassedElement("second-approval");
    }

    @Test
    void secondApproverCanReject() throws Exception {
        ProcessInstanceEvent instance = atSecondApproval();

        complete(activate(USER_TASK), Map.of("review", review("REJECT", "retoucher2")));

        assertThat(instance).isCompleted().hasPassedElementsInOrder("second-approval", "second-decision", "rejected")
                .hasNotPassedElement("publish");
    }

    @Test
    void secondApproverCanAskForARetake() throws Exception {
        ProcessInstanceEvent instance = atSecondApproval();

        complete(activate(USER_TASK), Map.of("review", review("RETAKE", "retoucher2")));

        ActivatedJob retake = activate(USER_TASK);
        assertThat(retake.getElementId()).isEqualTo("retake-photo");
        assertThat(instance).isWaitingAtElements("retake-photo");
    }

    @Test
    void secondApproverCanReprocessAndTheNewResultNeedsFourEyesAgain() throws Exception {
        ProcessInstanceEvent instance = atSecondApproval();

        complete(activate(USER_TASK), Map.of(
                "review", Map.of("decision", "REPROCESS", "comment", "too tight", "reviewer", "retoucher2"),
                "composeSettings", Map.of("fillRatio", 0.7)));
        completeJob("compose", Map.of("composition", Map.of("confidence", 0.9)));

        // back to the person who asked, and their approval needs another pair of eyes: reprocessing does not dodge it
        ActivatedJob back = activate(USER_TASK);
        assertThat(back.getElementId()).isEqualTo("review-and-retouch");
        Map<?, ?> routing = (Map<?, ?>) back.getVariablesAsMap().get("routing");
        assertThat(routing.get("check")).isEqualTo("reprocess");
        assertThat(routing.get("fourEyes")).isEqualTo(true);
        complete(back, Map.of("review", review("APPROVE", "retoucher2")));
        ActivatedJob secondAgain = activate(USER_TASK);
        assertThat(secondAgain.getElementId()).isEqualTo("second-approval");
        complete(secondAgain, Map.of("review", review("APPROVE", "retoucher")));
        completeJob("publish", Map.of());

        assertThat(instance).isCompleted().hasPassedElement("second-approval", 2).hasPassedElement("compose", 2);
    }

    @Test
    void doubtfulCompositionNamesItsCheck() throws Exception {
        start();
        completeJob("capture-qc", Map.of("qc", qc(true, 0.9)));
        completeJob("remove-background", Map.of("segmentation", Map.of("confidence", 0.95)));
        completeJob("correct-colour", Map.of("colour", Map.of("confidence", 0.9)));
        completeJob("compose", Map.of("composition", Map.of("confidence", 0.3)));

        Map<?, ?> routing = (Map<?, ?>) activate(USER_TASK).getVariablesAsMap().get("routing");
        assertThat(routing.get("route")).isEqualTo("HUMAN_REVIEW");
        assertThat(routing.get("check")).isEqualTo("composition");
    }

    @Test
    void reprocessedImageIsComposedAgainWithTheRetouchersSettingsAndComesBackToReview() throws Exception {
        ProcessInstanceEvent instance = start();
        completeJob("capture-qc", Map.of("qc", qc(true, 0.9)));
        completeProcessing(0.4);

        ActivatedJob firstReview = activate(USER_TASK);
        assertThat(((Map<?, ?>) firstReview.getVariablesAsMap().get("routing")).get("check")).isEqualTo("segmentation");
        complete(firstReview, Map.of(
                "review", Map.of("decision", "REPROCESS", "comment", "too tight", "reviewer", "retoucher"),
                "composeSettings", Map.of("fillRatio", 0.7)));

        // compose runs again, with the settings the retoucher asked for
        ActivatedJob secondCompose = activate("compose");
        assertThat(secondCompose.getVariablesAsMap().get("composeSettings")).isEqualTo(Map.of("fillRatio", 0.7));
        complete(secondCompose, Map.of("composition", Map.of("confidence", 0.9)));

        // segmentation is still doubtful, yet the reprocess rule comes first: the result goes back to the person who asked
        ActivatedJob secondReview = activate(USER_TASK);
        assertThat(secondReview.getElementId()).isEqualTo("review-and-retouch");
        Map<?, ?> routing = (Map<?, ?>) secondReview.getVariablesAsMap().get("routing");
        assertThat(routing.get("route")).isEqualTo("HUMAN_REVIEW");
        assertThat(routing.get("check")).isEqualTo("reprocess");
        assertThat(((Map<?, ?>) secondReview.getVariablesAsMap().get("review")).get("reviewer")).isEqualTo("retoucher");

        complete(secondReview, Map.of("review", review("APPROVE")));
        completeJob("publish", Map.of());

        assertThat(instance).isCompleted()
                .hasPassedElementsInOrder("compose-join", "compose", "review-routing", "review-and-retouch",
                        "compose-join", "compose", "review-routing", "review-and-retouch", "publish", "published")
                .hasPassedElement("compose", 2)
                .hasPassedElement("review-and-retouch", 2)
                .hasNotPassedElement("rejected")
                .hasNoIncidents();
    }

    @Test
    void rejectedImageEndsWithoutPublication() throws Exception {
        ProcessInstanceEvent instance = start();
        completeJob("capture-qc", Map.of("qc", qc(true, 0.9)));
        completeProcessing(0.3);

        complete(activate(USER_TASK), Map.of("review", review("REJECT")));

        assertThat(instance).isCompleted().hasPassedElement("rejected").hasNotPassedElement("publish");
    }

    @Test
    void failedCaptureQcLoopsThroughARetakeByAPhotographer() throws Exception {
        ProcessInstanceEvent instance = start();
        completeJob("capture-qc", Map.of("qc", qc(false, 0.2)));

        ActivatedJob retake = activate(USER_TASK);
        assertThat(retake.getElementId()).isEqualTo("retake-photo");
        assertThat(retake.getCustomHeaders()).containsEntry("io.camunda.zeebe:candidateGroups", "[\"photographers\"]");
        complete(retake, Map.of("originalHash", "b".repeat(64)));

        ActivatedJob secondQc = activate("capture-qc");
        assertThat(secondQc.getVariablesAsMap()).containsEntry("originalHash", "b".repeat(64));
        complete(secondQc, Map.of("qc", qc(true, 0.9)));
        completeProcessing(0.95);
        completeJob("publish", Map.of());

        assertThat(instance).isCompleted().hasPassedElement("capture-qc", 2).hasPassedElement("retake-photo", 1);
    }

    @Test
    void reviewerCanSendTheImageBackForARetake() throws Exception {
        ProcessInstanceEvent instance = start();
        completeJob("capture-qc", Map.of("qc", qc(true, 0.9)));
        completeProcessing(0.5);

        complete(activate(USER_TASK), Map.of("review", review("RETAKE")));

        ActivatedJob retake = activate(USER_TASK);
        assertThat(retake.getElementId()).isEqualTo("retake-photo");
        assertThat(instance).isWaitingAtElements("retake-photo");
    }

    @Test
    void technicalFailureIsRetriedThenRaisesAnIncident() throws Exception {
        ProcessInstanceEvent instance = start();

        for (int retriesLeft = 2; retriesLeft >= 0; retriesLeft--) {
            ActivatedJob job = activate("capture-qc");
            client.newFailCommand(job).retries(retriesLeft).errorMessage("storage unreachable").send().join();
            engine.waitForIdleState(Duration.ofSeconds(5));
        }

        assertThat(instance).isActive().hasAnyIncidents().isWaitingAtElements("capture-qc");
        assertThat(instance).extractingLatestIncident().hasErrorMessage("storage unreachable");
    }

    /** A first approval of an acme image under a four-eyes policy: the flow waits at the second approval. */
    private ProcessInstanceEvent atSecondApproval() throws Exception {
        deployPolicy(FOUR_EYES_FOR_ACME);
        ProcessInstanceEvent instance = start("acme");
        completeJob("capture-qc", Map.of("qc", qc(true, 0.9)));
        completeProcessing(0.4);
        complete(activate(USER_TASK), Map.of("review", review("APPROVE", "retoucher")));
        assertThat(instance).isWaitingAtElements("second-approval");
        return instance;
    }

    /** The routing policy as the policy editor writes it, deployed as the newest decision version. */
    private void deployPolicy(RoutingPolicy policy) {
        client.newDeployResourceCommand()
                .addResourceBytes(RoutingPolicyDmn.write(policy).getBytes(StandardCharsets.UTF_8), RoutingPolicyDmn.RESOURCE_NAME)
                .send().join();
    }

    private ProcessInstanceEvent start() throws Exception {
        return start("acme");
    }

    private ProcessInstanceEvent start(String brand) throws Exception {
        ProcessInstanceEvent instance = client.newCreateInstanceCommand().bpmnProcessId("product-image").latestVersion()
                .variables(ImageVariables.start("asset-1", "SKU-1", brand, "white-square-2000", "a".repeat(64)))
                .send().join();
        engine.waitForIdleState(Duration.ofSeconds(5));
        return instance;
    }

    private void completeProcessing(double segmentationConfidence) throws Exception {
        completeJob("remove-background", Map.of("segmentation", Map.of("confidence", segmentationConfidence)));
        completeJob("correct-colour", Map.of("colour", Map.of("confidence", 0.9)));
        completeJob("compose", Map.of("composition", Map.of("confidence", 0.9)));
    }

    private void completeJob(String type, Map<String, Object> variables) throws Exception {
        complete(activate(type), variables);
    }

    private ActivatedJob activate(String type) throws Exception {
        engine.waitForIdleState(Duration.ofSeconds(5));
        // the idle state is a heuristic (no new records for a moment): on a loaded machine the job can come just after
        List<ActivatedJob> jobs = List.of();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (jobs.isEmpty() && System.nanoTime() < deadline) {
            jobs = client.newActivateJobsCommand().jobType(type).maxJobsToActivate(1).send().join().getJobs();
            if (jobs.isEmpty()) {
                Thread.sleep(100);
                engine.waitForIdleState(Duration.ofSeconds(5));
            }
        }
        assertThat(jobs).as("an active job of type %s", type).hasSize(1);
        return jobs.getFirst();
    }

    private void complete(ActivatedJob job, Map<String, Object> variables) throws Exception {
        client.newCompleteCommand(job).variables(variables).send().join();
        engine.waitForIdleState(Duration.ofSeconds(5));
    }

    private static Map<String, Object> qc(boolean passed, double confidence) {
        return Map.of("passed", passed, "confidence", confidence, "reasons", List.of());
    }

    private static Map<String, Object> review(String decision) {
        return review(decision, "retoucher");
    }

    private static Map<String, Object> review(String decision, String reviewer) {
        return Map.of("decision", decision, "comment", "checked", "reviewer", reviewer);
    }
}
