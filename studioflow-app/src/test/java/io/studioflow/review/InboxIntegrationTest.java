package io.studioflow.review;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.studioflow.review.ReviewTask.TaskState;
import io.studioflow.testing.IntegrationTest;
import io.studioflow.testing.StudioPhotos;
import io.studioflow.testing.StudioflowApi;
import io.studioflow.testing.StudioflowApi.Response;
import io.studioflow.testing.TestPhotos;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The retoucher inbox through its REST API, as the studio's people use it (HTTP Basic, real app, real
 * engine, real Elasticsearch, real model). Queries, sorting, paging, assignment and races run on tasks
 * written straight into the task index (each test with brands of its own, so the shared index's other
 * tasks never match); what depends on the flow (versions, publication, reprocessing, bulk approval) runs
 * on real photos that the model sends to review. Those photos are uploaded once, before the first test,
 * so their flows run while the query tests do.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InboxIntegrationTest extends IntegrationTest {

    private static final String REVIEW_ELEMENT = "review-and-retouch";
    private static final String PRESET = "white-square-2000";

    @Autowired
    private TaskRepository taskIndex;

    @Autowired
    private ReviewProperties reviewProperties;

    /** Goes to review (background removal is unsure of a full-frame texture); gets retouched versions. */
    private String retouchImage;
    private String retouchBrand;
    /** Goes to review too; is sent back to be composed again. */
    private String reprocessImage;
    /** Goes to review for its colour; approved in bulk. */
    private String bulkImage;

    @BeforeAll
    void uploadThePhotosThatGoToReview() {
        StudioflowApi uploader = new StudioflowApi(http);
        retouchBrand = uniqueBrand("retouch");
        retouchImage = uploader.upload("photographer", "WALL-" + shortId(), retouchBrand, 80, "brick.png",
                TestPhotos.bytes("brick.png"));
        reprocessImage = uploader.upload("photographer", "WALL-" + shortId(), uniqueBrand("reprocess"), null,
                "brick.png", TestPhotos.bytes("brick.png"));
        bulkImage = uploader.upload("photographer", "APPLE-" + shortId(), uniqueBrand("bulk-real"), null,
                "apple.jpg", TestPhotos.bytes("apple.jpg"));
    }

    // ---- queries on tasks written straight into the index ----

    @Test
    void filtersNarrowTheInboxByBrandPresetCheckConfidenceSkuAndScope() {
        String brand = uniqueBrand("filters");
        String otherBrand = uniqueBrand("filters-other");
        Instant now = Instant.now();
        String mugUnassigned = store(review(brand, "MUG-001", PRESET, "segmentation", 0.42, 50, now, null));
        String mugMine = store(review(brand, "MUG-002", PRESET, "composition", 0.55, 50, now, "retoucher"));
        String cupTheirs = store(review(brand, "CUP-001", "marketplace-1600", "colour", 0.31, 50, now, "retoucher2"));
        String mugshot = store(review(brand, "MUGSHOT-9", PRESET, "segmentation", 0.71, 50, now, null));
        store(review(otherBrand, "MUG-001", PRESET, "segmentation", 0.42, 50, now, null));
        String retake = store(task(TaskKind.RETAKE, "photographers", brand, "MUG-003", PRESET, "capture", 0.2, 50, now,
                now.plus(Duration.ofHours(24)), null, TaskState.OPEN));
        store(task(TaskKind.REVIEW, "retouchers", brand, "MUG-004", PRESET, "segmentation", 0.42, 50, now,
                now.plus(Duration.ofHours(4)), "retoucher", TaskState.COMPLETED));

        Response page = api.search("retoucher", Map.of("brand", brand));
        assertThat(page.status()).as(page.raw()).isEqualTo(200);
        assertThat(page.body().path("total").asLong()).as("open review tasks of the brand; no retake, nothing completed").isEqualTo(4);
        assertThat(ids(page)).containsExactlyInAnyOrder(mugUnassigned, mugMine, cupTheirs, mugshot);

        assertThat(ids("retoucher", Map.of("brand", brand, "preset", "marketplace-1600"))).containsExactly(cupTheirs);
        assertThat(ids("retoucher", Map.of("brand", brand, "check", "segmentation")))
                .containsExactlyInAnyOrder(mugUnassigned, mugshot);
        assertThat(ids("retoucher", Map.of("brand", brand, "minConfidence", 0.4, "maxConfidence", 0.6)))
                .containsExactlyInAnyOrder(mugUnassigned, mugMine);
        assertThat(ids("retoucher", Map.of("brand", brand, "minConfidence", 0.55)))
                .as("the bounds are inclusive").containsExactlyInAnyOrder(mugMine, mugshot);
        assertThat(ids("retoucher", Map.of("brand", brand, "maxConfidence", 0.42)))
                .containsExactlyInAnyOrder(mugUnassigned, cupTheirs);
        assertThat(ids("retoucher", Map.of("brand", brand, "sku", "MUG")))
                .as("a SKU prefix").containsExactlyInAnyOrder(mugUnassigned, mugMine, mugshot);
        assertThat(ids("retoucher", Map.of("brand", brand, "sku", "MUG-0"))).containsExactlyInAnyOrder(mugUnassigned, mugMine);
        assertThat(ids("retoucher", Map.of("brand", brand, "sku", "UG"))).as("a prefix, not a substring").isEmpty();

        assertThat(ids("retoucher", Map.of("brand", brand, "scope", "MINE"))).containsExactly(mugMine);
        assertThat(ids("retoucher2", Map.of("brand", brand, "scope", "MINE"))).containsExactly(cupTheirs);
        assertThat(ids("retoucher", Map.of("brand", brand, "scope", "UNASSIGNED")))
                .containsExactlyInAnyOrder(mugUnassigned, mugshot);
        assertThat(ids("retoucher", Map.of("brand", brand, "scope", "MY_GROUPS"))).hasSize(4);
        assertThat(ids("retoucher", Map.of("brand", brand, "scope", "UNASSIGNED", "check", "segmentation",
                "maxConfidence", 0.5, "sku", "MUG-"))).as("filters combine").containsExactly(mugUnassigned);

        assertThat(ids("photographer", Map.of("brand", brand))).as("photographers see their retakes only").containsExactly(retake);
        assertThat(ids("manager", Map.of("brand", brand))).as("managers are in both groups").hasSize(5);
        assertThat(ids("retoucher", Map.of("brand", uniqueBrand("nobody")))).isEmpty();

        Response upsideDown = api.search("retoucher", Map.of("brand", brand, "minConfidence", 0.8, "maxConfidence", 0.2));
        assertThat(upsideDown.status()).as(upsideDown.raw()).isEqualTo(400);
        assertThat(upsideDown.text("detail")).contains("lowest confidence").contains("above the highest");
        Response unknownScope = api.search("retoucher", Map.of("scope", "EVERYONE"));
        assertThat(unknownScope.status()).as(unknownScope.raw()).isEqualTo(400);
        Response auditor = api.search("auditor", Map.of("brand", brand));
        assertThat(auditor.status()).as("auditors have no inbox").isEqualTo(403);
    }

    @Test
    void sortsByPriorityDueTimeOrAge() {
        String brand = uniqueBrand("sorts");
        Instant now = Instant.now();
        String urgentLater = store(review(brand, "S-A", PRESET, "segmentation", 0.5, 90, now.minus(Duration.ofHours(5)),
                now.plus(Duration.ofHours(3)), null));
        String urgentSooner = store(review(brand, "S-B", PRESET, "segmentation", 0.5, 90, now.minus(Duration.ofHours(1)),
                now.plus(Duration.ofHours(1)), null));
        String normalSoonest = store(review(brand, "S-C", PRESET, "segmentation", 0.5, 50, now.minus(Duration.ofHours(3)),
                now.plus(Duration.ofMinutes(30)), null));
        String lowOverdue = store(review(brand, "S-D", PRESET, "segmentation", 0.5, 10, now.minus(Duration.ofHours(10)),
                now.minus(Duration.ofHours(1)), null));
        String normalLater = store(review(brand, "S-E", PRESET, "segmentation", 0.5, 50, now.minus(Duration.ofHours(2)),
                now.plus(Duration.ofHours(2)), null));

        assertThat(ids("retoucher", Map.of("brand", brand, "sort", "PRIORITY")))
                .as("highest priority first, the earlier due first among equals")
                .containsExactly(urgentSooner, urgentLater, normalSoonest, normalLater, lowOverdue);
        assertThat(ids("retoucher", Map.of("brand", brand)))
                .as("priority is the default order")
                .containsExactly(urgentSooner, urgentLater, normalSoonest, normalLater, lowOverdue);
        assertThat(ids("retoucher", Map.of("brand", brand, "sort", "DUE")))
                .containsExactly(lowOverdue, normalSoonest, urgentSooner, normalLater, urgentLater);
        assertThat(ids("retoucher", Map.of("brand", brand, "sort", "AGE")))
                .as("oldest first")
                .containsExactly(lowOverdue, urgentLater, normalSoonest, normalLater, urgentSooner);
    }

    @Test
    void pagesCoverEveryTaskOnceEvenWhenAllSortKeysTie() {
        String brand = uniqueBrand("pages");
        Instant created = Instant.now().minus(Duration.ofMinutes(10));
        Instant due = created.plus(Duration.ofHours(4));
        List<String> stored = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            // the same priority, due and creation time: only the id tells them apart
            stored.add(store(review(brand, "P-" + i, PRESET, "segmentation", 0.5, 50, created, due, null)));
        }

        for (String sort : List.of("PRIORITY", "DUE", "AGE")) {
            List<String> all = ids("retoucher", Map.of("brand", brand, "sort", sort, "limit", 50));
            assertThat(all).as(sort).containsExactlyInAnyOrderElementsOf(stored);

            List<String> paged = new ArrayList<>();
            for (int offset = 0; offset < 9; offset += 3) {
                Response page = api.search("retoucher", Map.of("brand", brand, "sort", sort, "offset", offset, "limit", 3));
                assertThat(page.status()).as(page.raw()).isEqualTo(200);
                assertThat(page.body().path("total").asLong()).isEqualTo(7);
                assertThat(page.body().path("offset").asInt()).isEqualTo(offset);
                paged.addAll(ids(page));
            }
            assertThat(paged).as("pages of 3 in %s order: no task twice, none missing, same order as one page", sort)
                    .doesNotHaveDuplicates().containsExactlyElementsOf(all);
        }
        assertThat(ids("retoucher", Map.of("brand", brand, "offset", 7, "limit", 3))).isEmpty();
        Response negative = api.search("retoucher", Map.of("brand", brand, "offset", -1));
        assertThat(negative.status()).as(negative.raw()).isEqualTo(400);
    }

    // ---- assignment and claiming ----

    @Test
    void managersAssignTasksToPeopleWhoMayWorkOnThem() {
        String brand = uniqueBrand("assign");
        String taskId = store(review(brand, "A-1", PRESET, "segmentation", 0.5, 50, Instant.now(), null));

        Response assigned = api.assign("manager", taskId, "retoucher2");
        assertThat(assigned.status()).as(assigned.raw()).isEqualTo(200);
        assertThat(assigned.text("assignee")).isEqualTo("retoucher2");
        assertThat(api.task("retoucher", taskId).text("assignee")).isEqualTo("retoucher2");
        assertThat(ids("retoucher2", Map.of("brand", brand, "scope", "MINE"))).containsExactly(taskId);

        Response reassigned = api.assign("manager", taskId, "retoucher");
        assertThat(reassigned.status()).as("a manager may take a task from whoever holds it").isEqualTo(200);
        assertThat(api.task("retoucher", taskId).text("assignee")).isEqualTo("retoucher");

        Response byRetoucher = api.assign("retoucher", taskId, "retoucher2");
        assertThat(byRetoucher.status()).as(byRetoucher.raw()).isEqualTo(403);
        assertThat(byRetoucher.text("detail")).contains("only managers");

        Response toPhotographer = api.assign("manager", taskId, "photographer");
        assertThat(toPhotographer.status()).as(toPhotographer.raw()).isEqualTo(400);
        assertThat(toPhotographer.text("detail")).contains("photographer may not work on").contains("retouchers");

        Response toAuditor = api.assign("manager", taskId, "auditor");
        assertThat(toAuditor.status()).as(toAuditor.raw()).isEqualTo(400);

        Response toNobody = api.assign("manager", taskId, "nobody-" + shortId());
        assertThat(toNobody.status()).as(toNobody.raw()).isEqualTo(400);
        assertThat(toNobody.text("detail")).contains("there is no user");

        assertThat(api.task("retoucher", taskId).text("assignee")).as("refused assignments change nothing").isEqualTo("retoucher");
        Response unknownTask = api.assign("manager", "no-such-task", "retoucher");
        assertThat(unknownTask.status()).as(unknownTask.raw()).isEqualTo(404);

        Response queue = api.get("manager", "/api/tasks/team-queue");
        assertThat(queue.status()).as(queue.raw()).isEqualTo(200);
        assertThat(queue.body().path("holders").toString()).contains("\"retoucher\"");
        assertThat(api.get("retoucher", "/api/tasks/team-queue").status()).as("the team queue is for managers").isEqualTo(403);
    }

    @Test
    void twoRetouchersClaimingAtOnceGetOneTaskHolderBetweenThem() throws Exception {
        String brand = uniqueBrand("race");
        for (int round = 0; round < 4; round++) {
            String taskId = store(review(brand, "R-" + round, PRESET, "segmentation", 0.5, 50, Instant.now(), null));

            List<Response> claims = claimAtOnce(taskId, "retoucher", "retoucher2");

            assertThat(claims).extracting(Response::status).as("round %d: %s", round, claims).containsExactlyInAnyOrder(200, 409);
            Response won = claims.stream().filter(r -> r.status() == 200).findFirst().orElseThrow();
            Response lost = claims.stream().filter(r -> r.status() == 409).findFirst().orElseThrow();
            String winner = won.text("assignee");
            assertThat(winner).isIn("retoucher", "retoucher2");
            assertThat(lost.text("detail")).contains("claimed");
            assertThat(api.task("manager", taskId).text("assignee")).as("the task is held by the winner").isEqualTo(winner);
            assertThat(taskIndex.get(taskId).task().assignee()).isEqualTo(winner);
        }
    }

    // ---- bulk approval: the policy's refusals ----

    @Test
    void bulkApprovalRefusesTasksThePolicyDoesNotAllowAndSaysWhy() {
        String brand = uniqueBrand("bulk");
        Instant now = Instant.now();
        String doubtful = store(review(brand, "B-1", PRESET, "segmentation", 0.42, 50, now, null));
        String noConfidence = store(review(brand, "B-3", PRESET, "other", null, 50, now, null));
        String retake = store(task(TaskKind.RETAKE, "retouchers", brand, "B-4", PRESET, "capture", 0.9, 50, now,
                now.plus(Duration.ofHours(24)), null, TaskState.OPEN));
        String done = store(task(TaskKind.REVIEW, "retouchers", brand, "B-5", PRESET, "segmentation", 0.9, 50, now,
                now.plus(Duration.ofHours(4)), "retoucher", TaskState.COMPLETED));

        Response bulk = api.bulkApprove("retoucher", List.of(doubtful, noConfidence, retake, done, "no-such-task"), null);
        assertThat(bulk.status()).as(bulk.raw()).isEqualTo(200);
        Map<String, JsonNode> results = byTaskId(bulk.body());
        assertThat(results).hasSize(5);
        results.values().forEach(r -> assertThat(r.path("approved").asBoolean()).as(r.toString()).isFalse());
        String bar = String.format("%.2f", reviewProperties.bulkApproveMinConfidence());
        assertThat(results.get(doubtful).path("message").asText())
                .isEqualTo("confidence 0.42 is below the bulk-approval bar of " + bar);
        assertThat(results.get(doubtful).path("sku").asText()).isEqualTo("B-1");
        assertThat(results.get(noConfidence).path("message").asText()).contains("confidence unknown is below");
        assertThat(results.get(retake).path("message").asText()).contains("only reviews");
        assertThat(results.get(done).path("message").asText()).contains("already");
        assertThat(results.get("no-such-task").path("message").asText()).isEqualTo("no task with id no-such-task");

        assertThat(taskIndex.get(doubtful).task().state()).isEqualTo(TaskState.OPEN);
        assertThat(taskIndex.get(doubtful).task().assignee()).as("a refused task is not claimed either").isNull();

        Response empty = api.bulkApprove("retoucher", List.of(), null);
        assertThat(empty.status()).as(empty.raw()).isEqualTo(400);
        assertThat(empty.text("detail")).contains("taskIds");
    }

    // ---- on real photos that the flow sends to review ----

    /**
     * A real review approved in bulk: claimed, the engine's job completed, the automated result published.
     * No photo here reaches review with every confidence at or above the bar (review means some step was
     * unsure, and on our photos that step scores below 0.6), so the test gives the real task the confidence
     * a borderline outline (0.6..0.75) would have; everything after that is the real path.
     */
    @Test
    void bulkApprovalApprovesWhatThePolicyAllowsAndPublishesIt() {
        JsonNode task = api.awaitTask("retoucher", bulkImage);
        String taskId = task.path("id").asText();
        assertThat(task.path("check").asText()).isEqualTo("colour");
        String brand = uniqueBrand("bulk-mixed");
        String doubtful = store(review(brand, "B-9", PRESET, "segmentation", 0.3, 50, Instant.now(), null));
        // confident enough, and of an image with an automated result, but someone else holds it
        String heldByOther = store(withImage(review(brand, "B-8", PRESET, "segmentation", 0.9, 50, Instant.now(), "retoucher2"),
                bulkImage));

        Response asIs = api.bulkApprove("retoucher", List.of(taskId), null);
        assertThat(byTaskId(asIs.body()).get(taskId).path("approved").asBoolean()).as(asIs.raw()).isFalse();
        assertThat(byTaskId(asIs.body()).get(taskId).path("message").asText()).contains("below the bulk-approval bar");

        TaskRepository.Versioned read = taskIndex.get(taskId);
        assertThat(taskIndex.replace(read, withConfidence(read.task(), 0.7))).isTrue();

        Response bulk = api.bulkApprove("retoucher", List.of(doubtful, heldByOther, taskId), "all fine on the grid");
        assertThat(bulk.status()).as(bulk.raw()).isEqualTo(200);
        Map<String, JsonNode> results = byTaskId(bulk.body());
        assertThat(results.get(taskId).path("approved").asBoolean()).as(bulk.raw()).isTrue();
        assertThat(results.get(doubtful).path("approved").asBoolean()).as("one refusal does not stop the others").isFalse();
        assertThat(results.get(doubtful).path("message").asText()).contains("confidence 0.30 is below");
        assertThat(results.get(heldByOther).path("approved").asBoolean()).isFalse();
        assertThat(results.get(heldByOther).path("message").asText()).contains("held by retoucher2");

        JsonNode approved = api.task("retoucher", taskId).body();
        assertThat(approved.path("state").asText()).isEqualTo("COMPLETED");
        assertThat(approved.path("decision").asText()).isEqualTo("APPROVE");
        assertThat(approved.path("completedBy").asText()).isEqualTo("retoucher");
        JsonNode image = api.awaitStatus(bulkImage, "PUBLISHED", "REJECTED");
        assertThat(image.path("status").asText()).isEqualTo("PUBLISHED");
        JsonNode composed = api.history(bulkImage).stream().filter(e -> e.path("step").asText().equals("compose"))
                .findFirst().orElseThrow();
        assertThat(image.path("renditions").get(0).path("hash").asText()).as("the automated result is published")
                .isEqualTo(composed.path("outputHashes").get(0).asText());
        assertThat(event(bulkImage, "APPROVE").path("comment").asText()).isEqualTo("all fine on the grid");
        assertThat(taskIndex.get(doubtful).task().state()).isEqualTo(TaskState.OPEN);
        assertThat(taskIndex.get(heldByOther).task().assignee()).isEqualTo("retoucher2");
    }

    @Test
    void retouchedVersionsAreKeptAndTheNewestIsPublished() throws Exception {
        JsonNode task = api.awaitTask("retoucher", retouchImage);
        String taskId = task.path("id").asText();
        assertThat(task.path("check").asText()).isEqualTo("segmentation");
        assertThat(task.path("priority").asInt()).as("the priority given at upload").isEqualTo(80);
        assertThat(task.path("brand").asText()).isEqualTo(retouchBrand);
        assertThat(task.path("confidence").asDouble()).as("the lowest step confidence")
                .isEqualTo(lowest(task.path("scores")));
        assertThat(ids("retoucher", Map.of("brand", retouchBrand, "check", "segmentation"))).containsExactly(taskId);
        assertThat(ids("retoucher", Map.of("brand", retouchBrand, "check", "colour"))).isEmpty();

        // anyone in the task's group comments; the note lands in the image's history
        String note = "edges of the bricks look soft on the left, " + shortId();
        Response commented = api.comment("retoucher2", taskId, note);
        assertThat(commented.status()).as(commented.raw()).isEqualTo(204);
        JsonNode comment = event(retouchImage, "COMMENTED");
        assertThat(comment.path("comment").asText()).isEqualTo(note);
        assertThat(comment.path("actor").path("name").asText()).isEqualTo("retoucher2");
        assertThat(api.comment("retoucher", taskId, "  ").status()).isEqualTo(400);

        Response unclaimed = api.addVersion("retoucher", taskId, "v0.jpg", StudioPhotos.packshot("astronaut.png"));
        assertThat(unclaimed.status()).as("a version needs the task claimed first: " + unclaimed.raw()).isEqualTo(409);
        assertThat(api.claim("retoucher", taskId).status()).isEqualTo(200);
        Response notHolder = api.addVersion("retoucher2", taskId, "v0.jpg", StudioPhotos.packshot("astronaut.png"));
        assertThat(notHolder.status()).as(notHolder.raw()).isEqualTo(409);
        assertThat(notHolder.text("detail")).contains("held by retoucher");

        assertBadVersionRefused(taskId, 0);

        byte[] first = StudioPhotos.packshot("astronaut.png");
        byte[] second = StudioPhotos.packshot("chelsea.png");
        Response v1 = api.addVersion("retoucher", taskId, "wall-v1.jpg", first);
        assertThat(v1.status()).as(v1.raw()).isEqualTo(200);
        assertThat(v1.body().path("versions")).hasSize(1);
        Response v2 = api.addVersion("retoucher", taskId, "wall-v2.jpg", second);
        assertThat(v2.status()).as(v2.raw()).isEqualTo(200);

        assertBadVersionRefused(taskId, 2);

        JsonNode versions = api.task("retoucher", taskId).body().path("versions");
        assertThat(versions).hasSize(2);
        assertThat(versions.get(0).path("number").asInt()).isEqualTo(1);
        assertThat(versions.get(0).path("hash").asText()).isEqualTo(sha256(first));
        assertThat(versions.get(0).path("fileName").asText()).isEqualTo("wall-v1.jpg");
        assertThat(versions.get(1).path("number").asInt()).isEqualTo(2);
        assertThat(versions.get(1).path("hash").asText()).isEqualTo(sha256(second));
        assertThat(versions.get(1).path("uploadedBy").asText()).isEqualTo("retoucher");
        assertThat(api.history(retouchImage)).filteredOn(e -> e.path("decision").asText().equals("VERSION_ADDED"))
                .extracting(e -> e.path("outputHashes").get(0).asText())
                .as("both versions are in the history").containsExactly(sha256(first), sha256(second));

        Response bulk = api.bulkApprove("retoucher", List.of(taskId), null);
        assertThat(byTaskId(bulk.body()).get(taskId).path("message").asText())
                .as("a retouched task is approved on its own").contains("retouched version");

        Response approved = api.complete("retoucher", taskId, "APPROVE", "second version is the one");
        assertThat(approved.status()).as(approved.raw()).isEqualTo(200);

        JsonNode image = api.awaitStatus(retouchImage, "PUBLISHED", "REJECTED");
        assertThat(image.path("status").asText()).isEqualTo("PUBLISHED");
        JsonNode main = image.path("renditions").get(0);
        assertThat(main.path("hash").asText()).as("approval without a file publishes the newest version").isEqualTo(sha256(second));
        Path published = dataDir().resolve("published").resolve(main.path("path").asText());
        assertThat(Files.readAllBytes(published)).isEqualTo(second);
        assertThat(event(retouchImage, "PUBLISHED").path("outputHashes").get(0).asText()).isEqualTo(sha256(second));
    }

    @Test
    void reprocessedResultComesBackToTheSameRetoucherAndIsPublishedOnApproval() throws Exception {
        JsonNode first = api.awaitTask("retoucher", reprocessImage);
        String firstId = first.path("id").asText();
        assertThat(first.path("check").asText()).isNotEqualTo("reprocess");

        Response unclaimed = api.reprocess("retoucher", firstId, Map.of("reason", "product too small", "fillRatio", 0.7));
        assertThat(unclaimed.status()).as(unclaimed.raw()).isEqualTo(409);
        assertThat(api.claim("retoucher", firstId).status()).isEqualTo(200);
        Response notHolder = api.reprocess("retoucher2", firstId, Map.of("reason", "product too small", "fillRatio", 0.7));
        assertThat(notHolder.status()).as(notHolder.raw()).isEqualTo(409);
        Response tooSmall = api.reprocess("retoucher", firstId, Map.of("reason", "product too small", "fillRatio", 0.3));
        assertThat(tooSmall.status()).as(tooSmall.raw()).isEqualTo(400);
        assertThat(tooSmall.text("detail")).contains("fill must be between 50% and 98%");
        Response noReason = api.reprocess("retoucher", firstId, Map.of("fillRatio", 0.7));
        assertThat(noReason.status()).as(noReason.raw()).isEqualTo(400);
        assertThat(noReason.text("detail")).contains("say why");
        Response plainComplete = api.complete("retoucher", firstId, "REPROCESS", "as a plain decision");
        assertThat(plainComplete.status()).as(plainComplete.raw()).isEqualTo(400);
        assertThat(api.task("retoucher", firstId).text("state")).as("refusals change nothing").isEqualTo("OPEN");

        Response reprocessed = api.reprocess("retoucher", firstId, Map.of("reason", "product too small", "fillRatio", 0.7));
        assertThat(reprocessed.status()).as(reprocessed.raw()).isEqualTo(200);
        assertThat(reprocessed.text("state")).isEqualTo("COMPLETED");
        assertThat(reprocessed.text("decision")).isEqualTo("REPROCESS");
        assertThat(reprocessed.text("comment")).contains("product too small").contains("fill 70%");

        JsonNode second = api.awaitTask("retoucher", reprocessImage, t -> !t.path("id").asText().equals(firstId));
        String secondId = second.path("id").asText();
        assertThat(second.path("assignee").asText()).as("the new result returns to whoever asked").isEqualTo("retoucher");
        assertThat(second.path("claimedAt").asText()).isNotBlank();
        assertThat(second.path("check").asText()).isEqualTo("reprocess");
        assertThat(second.path("reasons").toString()).contains("Reprocessed with other settings");
        assertThat(ids("retoucher", Map.of("sku", second.path("sku").asText(), "scope", "MINE", "check", "reprocess")))
                .containsExactly(secondId);
        assertThat(ids("retoucher2", Map.of("sku", second.path("sku").asText(), "scope", "UNASSIGNED"))).isEmpty();

        List<JsonNode> composed = api.history(reprocessImage).stream()
                .filter(e -> e.path("step").asText().equals("compose")).toList();
        assertThat(composed).as("composed twice").hasSize(2)
                .allSatisfy(e -> assertThat(e.path("outputHashes")).as("a rendition: %s", e).hasSize(1));
        String firstRendition = composed.get(0).path("outputHashes").get(0).asText();
        String secondRendition = composed.get(1).path("outputHashes").get(0).asText();
        assertThat(secondRendition).as("other settings, another rendition").isNotEqualTo(firstRendition);
        assertThat(composed.get(1).path("scores").path("fillRatio").asDouble())
                .as("the product now fills less of the canvas")
                .isLessThan(composed.get(0).path("scores").path("fillRatio").asDouble());

        Response approved = api.complete("retoucher", secondId, "APPROVE", "fits now");
        assertThat(approved.status()).as(approved.raw()).isEqualTo(200);

        JsonNode image = api.awaitStatus(reprocessImage, "PUBLISHED", "REJECTED");
        assertThat(image.path("status").asText()).isEqualTo("PUBLISHED");
        assertThat(image.path("renditions").get(0).path("hash").asText())
                .as("the reprocessed rendition is what is published").isEqualTo(secondRendition);
        assertThat(api.history(reprocessImage)).extracting(e -> e.path("step").asText() + ":" + e.path("decision").asText())
                .containsSubsequence("compose:COMPOSED", "routing:HUMAN_REVIEW", "review:REPROCESS", "compose:COMPOSED",
                        "review:APPROVE", "publish:PUBLISHED");
    }

    // ---- helpers ----

    private void assertBadVersionRefused(String taskId, int versionsBefore) {
        Response notAnImage = api.addVersion("retoucher", taskId, "notes.jpg",
                "just some notes, not a photo\n".repeat(20).getBytes(StandardCharsets.UTF_8));
        assertThat(notAnImage.status()).as(notAnImage.raw()).isEqualTo(415);
        assertThat(notAnImage.text("detail")).contains("not an image");

        Response pixelBomb = api.addVersion("retoucher", taskId, "huge.png", StudioPhotos.pngHeaderOnly(40000, 40000, 8, 2));
        assertThat(pixelBomb.status()).as(pixelBomb.raw()).isEqualTo(413);
        assertThat(pixelBomb.text("detail")).contains("40000");

        // over the 60 MB upload limit in bytes: refused before anything is read into the task
        Response tooLarge = api.addVersion("retoucher", taskId, "huge.jpg", new byte[61 * 1024 * 1024]);
        assertThat(tooLarge.status()).as(tooLarge.raw()).isEqualTo(413);
        assertThat(tooLarge.text("detail")).contains("larger than the limit");

        Response empty = api.addVersion("retoucher", taskId, "empty.jpg", new byte[0]);
        assertThat(empty.status()).as(empty.raw()).isEqualTo(400);
        assertThat(empty.text("detail")).contains("empty");

        JsonNode task = api.task("retoucher", taskId).body();
        assertThat(task.path("versions")).as("refused uploads add no version").hasSize(versionsBefore);
        assertThat(task.path("state").asText()).isEqualTo("OPEN");
        assertThat(task.path("assignee").asText()).isEqualTo("retoucher");
    }

    private List<Response> claimAtOnce(String taskId, String... users) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(users.length)) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Response>> futures = new ArrayList<>();
            for (String user : users) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return api.claim(user, taskId);
                }));
            }
            go.countDown();
            List<Response> responses = new ArrayList<>();
            for (Future<Response> future : futures) {
                responses.add(future.get());
            }
            return responses;
        }
    }

    private JsonNode event(String imageId, String decision) {
        return api.history(imageId).stream().filter(e -> e.path("decision").asText().equals(decision)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + decision + " event for image " + imageId));
    }

    private List<String> ids(String user, Map<String, ?> parameters) {
        return api.searchIds(user, parameters);
    }

    private static List<String> ids(Response page) {
        List<String> ids = new ArrayList<>();
        page.body().path("items").forEach(t -> ids.add(t.path("id").asText()));
        return ids;
    }

    private static Map<String, JsonNode> byTaskId(JsonNode results) {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        results.forEach(r -> byId.put(r.path("taskId").asText(), r));
        return byId;
    }

    private static double lowest(JsonNode scores) {
        double lowest = Double.MAX_VALUE;
        for (JsonNode score : scores) {
            lowest = Math.min(lowest, score.asDouble());
        }
        return lowest;
    }

    private String store(ReviewTask task) {
        assertThat(taskIndex.createIfAbsent(task)).isTrue();
        return task.id();
    }

    private static ReviewTask review(String brand, String sku, String preset, String check, Double confidence, int priority,
                                     Instant created, String assignee) {
        return review(brand, sku, preset, check, confidence, priority, created, created.plus(Duration.ofHours(4)), assignee);
    }

    private static ReviewTask review(String brand, String sku, String preset, String check, Double confidence, int priority,
                                     Instant created, Instant due, String assignee) {
        return task(TaskKind.REVIEW, "retouchers", brand, sku, preset, check, confidence, priority, created, due, assignee,
                TaskState.OPEN);
    }

    /** A task as the inbox stores it, for an image that does not exist: queries and claims never look at it. */
    private static ReviewTask task(TaskKind kind, String group, String brand, String sku, String preset, String check,
                                   Double confidence, int priority, Instant created, Instant due, String assignee,
                                   TaskState state) {
        String id = "it-" + UUID.randomUUID();
        Map<String, Object> scores = confidence == null ? Map.of() : Map.of("segmentation", confidence);
        boolean completed = state == TaskState.COMPLETED;
        return new ReviewTask(id, kind, kind.title(), kind == TaskKind.RETAKE ? "retake-photo" : REVIEW_ELEMENT,
                "image-of-" + id, sku, brand, preset, List.of(group), assignee, state, List.of("written by " + InboxIntegrationTest.class.getSimpleName()),
                check, scores, confidence, priority, null, created, due, assignee == null ? null : created,
                completed ? created : null, completed ? assignee : null, completed ? "APPROVE" : null, null, List.of());
    }

    private static ReviewTask withConfidence(ReviewTask t, double confidence) {
        return new ReviewTask(t.id(), t.kind(), t.name(), t.elementId(), t.imageId(), t.sku(), t.brand(), t.preset(),
                t.candidateGroups(), t.assignee(), t.state(), t.reasons(), t.check(), t.scores(), confidence, t.priority(),
                t.processInstanceKey(), t.createdAt(), t.dueAt(), t.claimedAt(), t.completedAt(), t.completedBy(),
                t.decision(), t.comment(), t.versions(), t.firstApproval(), t.jobKey(), t.engineRun(), t.completion());
    }

    private static ReviewTask withImage(ReviewTask t, String imageId) {
        return new ReviewTask(t.id(), t.kind(), t.name(), t.elementId(), imageId, t.sku(), t.brand(), t.preset(),
                t.candidateGroups(), t.assignee(), t.state(), t.reasons(), t.check(), t.scores(), t.confidence(), t.priority(),
                t.processInstanceKey(), t.createdAt(), t.dueAt(), t.claimedAt(), t.completedAt(), t.completedBy(),
                t.decision(), t.comment(), t.versions(), t.firstApproval(), t.jobKey(), t.engineRun(), t.completion());
    }

    private static String uniqueBrand(String purpose) {
        return "inbox-" + purpose + "-" + shortId();
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
