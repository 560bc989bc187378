package io.studioflow.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.studioflow.flows.FlowsApi;
import io.studioflow.ingest.AssetStatus;
import io.studioflow.platform.imaging.OpenCv;
import io.studioflow.platform.search.SearchIndex;
import io.studioflow.platform.search.SearchIndices;
import io.studioflow.review.ReviewTask;
import io.studioflow.review.TaskRepository;
import io.studioflow.testing.IntegrationTest;
import io.studioflow.testing.StudioPhotos;
import io.studioflow.testing.StudioflowApi.Response;
import io.studioflow.testing.TestPhotos;
import java.io.IOException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Acceptance 4 of the catalogue issue: the dashboard's figures match direct counts over the same data. Real images
 * go through the real flow (packshots that publish on their own, off-backdrop photos a retoucher approves late, rejects
 * or leaves open past due, a blurred one the photographer retakes, two drawn by a 100 % audit sample of which one is
 * retouched), then every figure is computed again here by walking the audit trail, the tasks and the assets with
 * plain loops, over the whole data of the range (other tests' images included) and per brand.
 */
class ProductionDashboardIntegrationTest extends IntegrationTest {

    private static final double TOLERANCE = 1e-9;
    private static final Set<String> NOT_A_TOUCH = Set.of("CLAIMED", "UNCLAIMED", "ASSIGNED", "COMMENTED", "OPENED");

    @Autowired
    private ProductionDashboard dashboard;
    @Autowired
    private AuditSearch auditSearch;
    @Autowired
    private AuditLog auditLog;
    @Autowired
    private AuditIndices auditIndices;
    @Autowired
    private SearchIndices indices;
    @Autowired
    private TaskRepository taskRepository;
    @Autowired
    private ElasticsearchClient client;
    @Autowired
    private DashboardProperties properties;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String brand = "dash-" + run;
    private final String sampled = "dash-sample-" + run;

    @Test
    void everyFigureMatchesADirectCountOverTheSameData() throws Exception {
        FlowsApi flows = new FlowsApi(http);
        Response before = flows.get("manager", "/api/policy");
        assertThat(before.status()).as(before.raw()).isEqualTo(200);
        int policyBefore = before.body().path("version").asInt();
        String openId;
        try {
            // every confident image of the sampled brand goes to a person, as the random audit sample would
            List<Object> rows = new ArrayList<>();
            before.body().path("rows").forEach(rows::add);
            rows.add(Map.of("brand", sampled, "preset", "*", "sampleRate", 1.0));
            Response deployed = flows.putJson("manager", "/api/policy", Map.of("rows", rows));
            assertThat(deployed.status()).as(deployed.raw()).isEqualTo(201);

            String auto = upload(brand, "DASH-AUTO", StudioPhotos.packshot("coffee.png"));
            String late = upload(brand, "DASH-LATE", TestPhotos.bytes("brick.png"));
            String rejected = upload(brand, "DASH-REJECT", TestPhotos.bytes("gravel.png"));
            String retake = upload(brand, "DASH-RETAKE", StudioPhotos.blurredPackshot("chelsea.png"));
            String open = upload(brand, "DASH-OPEN", reencoded(TestPhotos.bytes("brick.png"), null));
            String escaped = upload(sampled, "DASH-SAMPLE-1", reencoded(StudioPhotos.packshot("coffee.png"), 1));
            String passed = upload(sampled, "DASH-SAMPLE-2", reencoded(StudioPhotos.packshot("chelsea.png"), 1));

            // approved after its due time: the due time is moved into the past before the decision
            String lateTask = claim("retoucher", late);
            moveDue(lateTask, Instant.now().minus(Duration.ofMinutes(5)));
            assertThat(api.complete("retoucher", lateTask, "APPROVE", "texture is the product").status()).isEqualTo(200);
            String rejectTask = claim("retoucher", rejected);
            assertThat(api.complete("retoucher", rejectTask, "REJECT", "no product in the photo").status()).isEqualTo(200);

            assertThat(api.awaitStatus(retake, "RETAKE", "PUBLISHED", "IN_REVIEW").path("status").asText()).isEqualTo("RETAKE");
            String retakeTask = claim("photographer", retake);
            Response retaken = api.postMultipart("photographer", "/api/tasks/" + retakeTask + "/complete",
                    Map.of("comment", "refocused"), "sharp.jpg", reencoded(StudioPhotos.packshot("chelsea.png"), 0));
            assertThat(retaken.status()).as(retaken.raw()).isEqualTo(200);

            JsonNode escapedTask = api.awaitTask("retoucher", escaped);
            assertThat(escapedTask.path("check").asText()).isEqualTo(ProductionDashboard.AUDIT_SAMPLE);
            String escapedId = escapedTask.path("id").asText();
            assertThat(api.claim("retoucher", escapedId).status()).isEqualTo(200);
            assertThat(api.addVersion("retoucher", escapedId, "fixed.jpg", StudioPhotos.packshot("astronaut.png")).status())
                    .isEqualTo(200);
            assertThat(api.complete("retoucher", escapedId, "APPROVE", "edge repainted").status()).isEqualTo(200);
            JsonNode passedTask = api.awaitTask("retoucher", passed);
            assertThat(passedTask.path("check").asText()).isEqualTo(ProductionDashboard.AUDIT_SAMPLE);
            assertThat(api.claim("retoucher2", passedTask.path("id").asText()).status()).isEqualTo(200);
            assertThat(api.complete("retoucher2", passedTask.path("id").asText(), "APPROVE", null).status()).isEqualTo(200);

            // the one left open is past due now
            openId = api.awaitTask("retoucher", open).path("id").asText();
            moveDue(openId, Instant.now().minus(Duration.ofMinutes(1)));

            assertThat(api.awaitStatus(auto, "PUBLISHED", "IN_REVIEW", "RETAKE").path("status").asText()).isEqualTo("PUBLISHED");
            assertThat(api.awaitStatus(late, "PUBLISHED").path("status").asText()).isEqualTo("PUBLISHED");
            assertThat(api.awaitStatus(rejected, "REJECTED").path("status").asText()).isEqualTo("REJECTED");
            settle(retake);
            assertThat(api.awaitStatus(escaped, "PUBLISHED").path("status").asText()).isEqualTo("PUBLISHED");
            assertThat(api.awaitStatus(passed, "PUBLISHED").path("status").asText()).isEqualTo("PUBLISHED");
        } finally {
            Response restored = flows.post("admin", "/api/flows/review-routing/versions/" + policyBefore + "/rollback");
            assertThat(restored.status()).as(restored.raw()).isIn(200, 201);
        }

        // a fixed end after everything settled; wait until every event stamped before it is in Elasticsearch
        Thread.sleep(1_100);
        Instant to = Instant.now();
        Thread.sleep(1_100);
        await().atMost(Duration.ofSeconds(60)).until(() -> auditLog.outboxDepth() == 0);
        refresh();
        Instant shortFrom = to.minus(Duration.ofDays(3));
        Instant longFrom = to.minus(Duration.ofDays(20));

        Data data = read(to);
        for (String scope : new String[] {null, brand, sampled}) {
            compareRangeFigures(dashboard.figures(shortFrom, to, scope), direct(data, shortFrom, to, scope));
        }
        ProductionFigures weekly = dashboard.figures(longFrom, to, null);
        assertThat(weekly.quality().period()).isEqualTo("WEEK");
        compareRangeFigures(weekly, direct(data, longFrom, to, null));
        for (String scope : new String[] {null, brand}) {
            compareSnapshot(scope, shortFrom, to);
        }

        // what this test's own images make of it
        ProductionFigures mine = dashboard.figures(shortFrom, to, brand);
        assertThat(mine.finishedImages()).isEqualTo(4);
        assertThat(mine.publishedImages()).isEqualTo(3);
        assertThat(mine.rejectedImages()).isEqualTo(1);
        assertThat(mine.humanTouchedImages()).as("approved, rejected, retaken").isEqualTo(3);
        assertThat(mine.autoApprovedImages()).isBetween(1L, 2L);
        assertThat(mine.topRejectionReasons()).containsExactly(new AuditFigures.Count("no product in the photo", 1));
        assertThat(mine.sla().decidedLate()).isEqualTo(1);
        assertThat(mine.sla().openPastDue()).isEqualTo(1);
        assertThat(mine.queues().imagesByStatus()).containsEntry("IN_REVIEW", 1L).containsEntry("PUBLISHED", 3L)
                .containsEntry("REJECTED", 1L).containsOnlyKeys(java.util.Arrays.stream(AssetStatus.values()).map(Enum::name).toList());
        assertThat(mine.queues().openTasks()).containsExactly(new ProductionFigures.Inbox("retouchers", "REVIEW", 1, 1));
        assertThat(mine.cost().computeSeconds()).isPositive();
        assertThat(mine.cost().humanMinutes()).isPositive();
        assertThat(mine.cost().turnaround().images()).isEqualTo(4);
        assertThat(mine.quality().baseline().finished()).isEqualTo(4);
        ProductionFigures sample = dashboard.figures(shortFrom, to, sampled);
        assertThat(sample.auditSample().images()).isEqualTo(2);
        assertThat(sample.auditSample().escaped()).isEqualTo(1);
        assertThat(sample.auditSample().escapeRate()).isEqualTo(0.5);
        assertThat(sample.auditSample().decisions()).containsExactlyEntriesOf(new TreeMap<>(Map.of("APPROVE", 1L,
                "APPROVE_RETOUCHED", 1L)));
        assertThat(sample.humanTouchRate()).isEqualTo(1.0);
        assertThat(sample.autoApprovalRate()).isZero();

        // the same over REST, for the roles that may read it
        Response rest = api.get("manager", "/api/dashboard?from=" + shortFrom + "&to=" + to + "&brand=" + brand);
        assertThat(rest.status()).as(rest.raw()).isEqualTo(200);
        assertThat(rest.body().path("finishedImages").asLong()).isEqualTo(4);
        assertThat(rest.body().path("auditSample").path("images").asLong()).isZero();
        assertThat(rest.body().path("queues").path("imagesByStatus").path("IN_REVIEW").asLong()).isEqualTo(1);
        assertThat(rest.body().path("cost").path("traditional").path("costPerProductMax").asDouble())
                .isEqualTo(properties.traditionalCostMax());
        assertThat(api.get("auditor", "/api/dashboard").status()).isEqualTo(200);
        assertThat(api.get("admin", "/api/dashboard?from=2026-11-01&to=2026-11-30").status()).isEqualTo(200);
    }

    @Test
    void onlyManagersAdminsAndAuditorsReadItAndBadRangesAreExplained() {
        for (String user : List.of("retoucher", "photographer")) {
            assertThat(api.get(user, "/api/dashboard").status()).as(user).isEqualTo(403);
        }
        assertThat(api.get(null, "/api/dashboard").status()).isEqualTo(401);

        Response backwards = api.get("manager", "/api/dashboard?from=2026-11-30&to=2026-11-01");
        assertThat(backwards.status()).as(backwards.raw()).isEqualTo(400);
        assertThat(backwards.text("detail")).isEqualTo("'from' (2026-11-30T00:00:00Z) must be before 'to' (2026-11-02T00:00:00Z)");
        Response words = api.get("manager", "/api/dashboard?from=last week");
        assertThat(words.status()).isEqualTo(400);
        assertThat(words.text("detail")).isEqualTo("'from' must be a date (2026-11-30) or an instant (2026-11-30T08:00:00Z), "
                + "was 'last week'");
        Response tooLong = api.get("manager", "/api/dashboard?from=2020-01-01&to=2026-01-01");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.text("detail")).startsWith("the range may be at most 366 days");
    }

    // ---- the flow ---------------------------------------------------------------------------------------------------

    private String upload(String brandName, String sku, byte[] photo) {
        return api.upload("photographer", sku + "-" + run, brandName, null, sku.toLowerCase() + ".jpg", photo);
    }

    private String claim(String user, String imageId) {
        String taskId = api.awaitTask(user, imageId).path("id").asText();
        Response claimed = api.claim(user, taskId);
        assertThat(claimed.status()).as(claimed.raw()).isEqualTo(200);
        return taskId;
    }

    /** The retaken photo is a packshot that should publish on its own; should routing doubt it, a person approves it. */
    private void settle(String imageId) {
        String status = api.awaitStatus(imageId, "PUBLISHED", "IN_REVIEW", "REJECTED").path("status").asText();
        if (status.equals("IN_REVIEW")) {
            String task = claim("retoucher", imageId);
            assertThat(api.complete("retoucher", task, "APPROVE", null).status()).isEqualTo(200);
            api.awaitStatus(imageId, "PUBLISHED");
        }
    }

    /** The task as it is, due at another time (as if its service level had run out). */
    private void moveDue(String taskId, Instant due) {
        TaskRepository.Versioned read = taskRepository.get(taskId);
        ReviewTask t = read.task();
        ReviewTask moved = new ReviewTask(t.id(), t.kind(), t.name(), t.elementId(), t.imageId(), t.sku(), t.brand(),
                t.preset(), t.candidateGroups(), t.assignee(), t.state(), t.reasons(), t.check(), t.scores(), t.confidence(),
                t.priority(), t.processInstanceKey(), t.createdAt(), due, t.claimedAt(), t.completedAt(), t.completedBy(),
                t.decision(), t.comment(), t.versions(), t.firstApproval(), t.jobKey(), t.engineRun(), t.completion());
        assertThat(taskRepository.replace(read, moved)).isTrue();
    }

    /** The photo decoded, flipped ({@code flip} as OpenCV's flip code, null for none) and encoded as a new JPEG. */
    private static byte[] reencoded(byte[] photo, Integer flip) {
        OpenCv.load();
        Mat image = Imgcodecs.imdecode(new MatOfByte(photo), Imgcodecs.IMREAD_COLOR);
        try {
            if (flip != null) {
                Core.flip(image, image, flip);
            }
            return StudioPhotos.jpeg(image);
        } finally {
            image.release();
        }
    }

    private void refresh() throws IOException {
        client.indices().refresh(r -> r.index(auditIndices.pattern(), indices.name(SearchIndex.TASKS),
                indices.name(SearchIndex.ASSETS)));
    }

    // ---- the direct counts ------------------------------------------------------------------------------------------

    /** Everything up to {@code to}: every audit event (image by image in chain order) and every task. */
    private record Data(Instant to, List<AuditEvent> events, List<ReviewTask> tasks) {
    }

    private Data read(Instant to) throws IOException {
        List<AuditEvent> events = new ArrayList<>();
        auditSearch.forEach(new AuditQuery(null, null, null, null, null, null, null, null, to), events::add);
        return new Data(to, events, all(indices.name(SearchIndex.TASKS), ReviewTask.class));
    }

    private <T> List<T> all(String index, Class<T> type) throws IOException {
        List<T> all = new ArrayList<>();
        List<FieldValue> after = null;
        while (true) {
            List<FieldValue> from = after;
            SearchResponse<T> page = client.search(s -> {
                s.index(index).size(500).sort(o -> o.field(f -> f.field("id").order(SortOrder.Asc)));
                return from == null ? s : s.searchAfter(from);
            }, type);
            page.hits().hits().forEach(h -> all.add(h.source()));
            if (page.hits().hits().size() < 500) {
                return all;
            }
            after = page.hits().hits().getLast().sort();
        }
    }

    /** One finished image, as this test works it out. */
    private static final class Finished {
        Instant at;
        boolean published;
        Instant uploaded;
        String routing;
        Double confidence;
        boolean touched;
        long computeMs;

        boolean auto() {
            return published && "AUTO_APPROVE".equals(routing);
        }
    }

    private static boolean in(Instant t, Instant from, Instant to) {
        return !t.isBefore(from) && t.isBefore(to);
    }

    private static boolean ofBrand(String scope, String value) {
        return scope == null || scope.equals(value);
    }

    private static Map<String, Finished> finished(Data data, Instant from, Instant to, String scope) {
        Map<String, Finished> finished = new HashMap<>();
        for (AuditEvent e : data.events()) {
            boolean finishing = ("publish".equals(e.step()) && "PUBLISHED".equals(e.decision()))
                    || ("review".equals(e.step()) && "REJECT".equals(e.decision()));
            if (finishing && in(e.time(), from, to) && ofBrand(scope, e.brand())) {
                Finished f = finished.computeIfAbsent(e.imageId(), id -> new Finished());
                if (f.at == null || e.time().isBefore(f.at)) {
                    f.at = e.time();
                    f.published = "publish".equals(e.step());
                }
            }
        }
        for (AuditEvent e : data.events()) {
            Finished f = finished.get(e.imageId());
            if (f == null || !e.time().isBefore(to)) {
                continue;
            }
            boolean beforeFinish = !e.time().isAfter(f.at);
            if (e.durationMs() != null) {
                f.computeMs += e.durationMs();
            }
            if ("ingest".equals(e.step()) && (f.uploaded == null || e.time().isBefore(f.uploaded))) {
                f.uploaded = e.time();
            }
            if ("routing".equals(e.step()) && beforeFinish) {
                f.routing = e.decision();
            }
            if ("segmentation".equals(e.step()) && beforeFinish && e.scores() != null
                    && e.scores().get("confidence") instanceof Number c) {
                f.confidence = c.doubleValue();
            }
            if (e.actor() != null && "USER".equals(String.valueOf(e.actor().type()))
                    && ("review".equals(e.step()) || "retake".equals(e.step())) && !NOT_A_TOUCH.contains(e.decision())) {
                f.touched = true;
            }
        }
        return finished;
    }

    private ProductionFigures direct(Data data, Instant from, Instant to, String scope) {
        Map<String, Finished> finished = finished(data, from, to, scope);
        int n = finished.size();
        long published = finished.values().stream().filter(f -> f.published).count();
        long auto = finished.values().stream().filter(Finished::auto).count();
        long touched = finished.values().stream().filter(f -> f.touched).count();

        TreeMap<Instant, Long> hours = new TreeMap<>();
        finished.values().forEach(f -> hours.merge(f.at.truncatedTo(ChronoUnit.HOURS), 1L, Long::sum));
        ProductionFigures.Throughput throughput = new ProductionFigures.Throughput(
                hours.entrySet().stream().map(e -> new ProductionFigures.Hour(e.getKey(), e.getValue())).toList(),
                n / (Duration.between(from, to).toNanos() / 3_600e9),
                hours.values().stream().mapToLong(Long::longValue).max().orElse(0));

        long decided = 0;
        long late = 0;
        Map<String, Boolean> sampleImages = new HashMap<>();
        Map<String, Long> sampleDecisions = new TreeMap<>();
        long humanNanos = 0;
        for (ReviewTask t : data.tasks()) {
            boolean done = t.state() == ReviewTask.TaskState.COMPLETED && !"SUPERSEDED".equals(t.decision())
                    && t.completedAt() != null;
            if (done && finished.containsKey(t.imageId()) && t.completedAt().isBefore(to) && t.claimedAt() != null) {
                humanNanos += Math.max(0, Duration.between(t.claimedAt(), t.completedAt()).toNanos());
            }
            if (!done || !in(t.completedAt(), from, to) || !ofBrand(scope, t.brand())) {
                continue;
            }
            decided++;
            if (t.dueAt() != null && t.completedAt().isAfter(t.dueAt())) {
                late++;
            }
            if ("audit-sample".equals(t.check()) && t.kind() != null && t.kind().name().equals("REVIEW")) {
                Object review = t.completion() == null ? null : t.completion().get("review");
                boolean retouched = t.versions() != null && !t.versions().isEmpty()
                        || review instanceof Map<?, ?> m && m.get("retouchedHash") != null;
                String decision = "APPROVE".equals(t.decision()) && retouched ? "APPROVE_RETOUCHED" : t.decision();
                sampleDecisions.merge(decision, 1L, Long::sum);
                boolean escape = Set.of("REJECT", "RETAKE", "REPROCESS", "APPROVE_RETOUCHED").contains(decision);
                sampleImages.merge(t.imageId(), escape, (a, b) -> a || b);
            }
        }
        long escaped = sampleImages.values().stream().filter(b -> b).count();

        Map<String, Long> reasons = new HashMap<>();
        for (AuditEvent e : data.events()) {
            if ("REJECT".equals(e.decision()) && e.comment() != null && in(e.time(), from, to) && ofBrand(scope, e.brand())) {
                reasons.merge(e.comment(), 1L, Long::sum);
            }
        }
        List<AuditFigures.Count> topReasons = reasons.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(20).map(e -> new AuditFigures.Count(e.getKey(), e.getValue())).toList();

        boolean daily = Duration.between(from, to).compareTo(Duration.ofDays(14)) <= 0;
        TreeMap<LocalDate, List<Finished>> periods = new TreeMap<>();
        for (Finished f : finished.values()) {
            LocalDate day = f.at.atZone(ZoneOffset.UTC).toLocalDate();
            periods.computeIfAbsent(daily ? day : day.with(DayOfWeek.MONDAY), d -> new ArrayList<>()).add(f);
        }
        List<ProductionFigures.Period> quality = new ArrayList<>();
        periods.forEach((start, images) -> {
            long a = images.stream().filter(Finished::auto).count();
            List<Double> c = images.stream().map(f -> f.confidence).filter(Objects::nonNull).toList();
            quality.add(new ProductionFigures.Period(start, images.size(), a, (double) a / images.size(), c.size(), mean(c)));
        });

        Instant first = data.events().stream().filter(e -> "ingest".equals(e.step()) && ofBrand(scope, e.brand()))
                .map(AuditEvent::time).min(Comparator.naturalOrder()).orElse(null);
        ProductionFigures.Baseline baseline = null;
        if (first != null) {
            Instant end = first.plus(Duration.ofDays(7L * properties.baselineWeeks()));
            end = end.isAfter(to) ? to : end;
            Map<String, Finished> base = finished(data, first, end, scope);
            long a = base.values().stream().filter(Finished::auto).count();
            List<Double> c = base.values().stream().map(f -> f.confidence).filter(Objects::nonNull).toList();
            baseline = new ProductionFigures.Baseline(first, end, properties.baselineWeeks(), base.size(), a,
                    base.isEmpty() ? 0 : (double) a / base.size(), c.size(), mean(c));
        }

        long computeMs = finished.values().stream().mapToLong(f -> f.computeMs).sum();
        double computeSeconds = computeMs / 1000.0;
        double humanMinutes = humanNanos / 60e9;
        double computeCost = computeSeconds / 3600 * properties.computeCostPerHour();
        double humanCost = humanMinutes / 60 * properties.humanCostPerHour();
        List<Double> turnaround = finished.values().stream().filter(f -> f.uploaded != null)
                .map(f -> Duration.between(f.uploaded, f.at).toNanos() / 1e9).sorted().toList();
        ProductionFigures.Cost cost = new ProductionFigures.Cost(properties.currency(), properties.computeCostPerHour(),
                properties.humanCostPerHour(), computeSeconds, humanMinutes, per(computeSeconds, n), per(humanMinutes, n),
                per(computeCost, n), per(humanCost, n), per(computeCost + humanCost, n),
                new ProductionFigures.Turnaround(turnaround.size(), nearestRank(turnaround, 50), nearestRank(turnaround, 90)),
                new ProductionFigures.Traditional(properties.traditionalCostMin(), properties.traditionalCostMax(),
                        properties.traditionalTurnaroundDaysMin(), properties.traditionalTurnaroundDaysMax()));

        return new ProductionFigures(from, to, scope, null, throughput, null,
                new ProductionFigures.Sla(0, decided, late, decided == 0 ? 0 : (double) late / decided),
                n, published, n - published, auto, n == 0 ? 0 : (double) auto / n, touched, n == 0 ? 0 : (double) touched / n,
                topReasons,
                new ProductionFigures.AuditSample(sampleImages.size(), escaped,
                        sampleImages.isEmpty() ? 0 : (double) escaped / sampleImages.size(), sampleDecisions),
                new ProductionFigures.Quality(daily ? "DAY" : "WEEK", quality, baseline), cost);
    }

    private static Double mean(List<Double> values) {
        return values.isEmpty() ? null : values.stream().mapToDouble(Double::doubleValue).sum() / values.size();
    }

    private static double per(double amount, int images) {
        return images == 0 ? 0 : amount / images;
    }

    /** The value at rank ceil(p/100 × n) of the sorted values. */
    private static double nearestRank(List<Double> sorted, int percent) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int rank = (sorted.size() * percent + 99) / 100;
        return sorted.get(Math.max(1, rank) - 1);
    }

    private static void compareRangeFigures(ProductionFigures actual, ProductionFigures expected) {
        assertThat(actual).usingRecursiveComparison()
                .withComparatorForType(ProductionDashboardIntegrationTest::close, Double.class)
                .ignoringFields("at", "queues", "sla.openPastDue")
                .isEqualTo(expected);
        System.out.printf("[figure] dashboard %s %s..%s: %d finished, auto %.3f, touched %.3f, escape %d/%d, "
                        + "%.1f compute s and %.2f human min per image, turnaround median %.0f s%n",
                actual.brand() == null ? "all brands" : actual.brand(), actual.from(), actual.to(), actual.finishedImages(),
                actual.autoApprovalRate(), actual.humanTouchRate(), actual.auditSample().escaped(),
                actual.auditSample().images(), actual.cost().computeSecondsPerImage(), actual.cost().humanMinutesPerImage(),
                actual.cost().turnaround().medianSeconds());
    }

    /** Relative for large sums, absolute near zero. */
    private static int close(Double a, Double b) {
        if (a == null || b == null) {
            return Objects.equals(a, b) ? 0 : 1;
        }
        return Math.abs(a - b) <= TOLERANCE * Math.max(1, Math.max(Math.abs(a), Math.abs(b))) ? 0 : Double.compare(a, b);
    }

    /** Queue depth and open tasks past due are of the moment: read both ways until they agree twice in a row. */
    private void compareSnapshot(String scope, Instant from, Instant to) throws Exception {
        int agreed = 0;
        List<String> last = List.of();
        for (int attempt = 0; attempt < 20 && agreed < 2; attempt++) {
            ProductionFigures actual = dashboard.figures(from, to, scope);
            refresh();
            List<String> differences = snapshotDifferences(actual, scope);
            agreed = differences.isEmpty() ? agreed + 1 : 0;
            last = differences;
            if (agreed < 2) {
                Thread.sleep(250);
            }
        }
        assertThat(last).as("queue and past-due figures against direct counts (%s)", scope).isEmpty();
        assertThat(agreed).isEqualTo(2);
    }

    private List<String> snapshotDifferences(ProductionFigures actual, String scope) throws IOException {
        Instant now = actual.at();
        Map<String, Long> byStatus = new LinkedHashMap<>();
        for (AssetStatus status : AssetStatus.values()) {
            byStatus.put(status.name(), 0L);
        }
        for (Map<?, ?> asset : all(indices.name(SearchIndex.ASSETS), Map.class)) {
            Object status = asset.get("status");
            if (status != null && ofBrand(scope, (String) asset.get("brand"))) {
                byStatus.merge(status.toString(), 1L, Long::sum);
            }
        }
        Map<String, long[]> inboxes = new TreeMap<>();
        long open = 0;
        long pastDue = 0;
        for (ReviewTask t : all(indices.name(SearchIndex.TASKS), ReviewTask.class)) {
            if (!t.isOpen() || !ofBrand(scope, t.brand())) {
                continue;
            }
            open++;
            boolean due = t.dueAt() != null && t.dueAt().isBefore(now);
            if (due) {
                pastDue++;
            }
            for (String group : t.candidateGroups()) {
                long[] counts = inboxes.computeIfAbsent(group + "\u0000" + t.kind().name(), k -> new long[2]);
                counts[0]++;
                counts[1] += due ? 1 : 0;
            }
        }
        List<ProductionFigures.Inbox> expected = new ArrayList<>();
        inboxes.forEach((key, counts) -> expected.add(new ProductionFigures.Inbox(key.split("\u0000")[0],
                key.split("\u0000")[1], counts[0], counts[1])));
        List<String> differences = new ArrayList<>();
        compare(differences, "images by status", actual.queues().imagesByStatus(), byStatus);
        compare(differences, "open tasks per inbox", actual.queues().openTasks(), expected);
        compare(differences, "open tasks", actual.queues().openTasksTotal(), open);
        compare(differences, "open past due", actual.sla().openPastDue(), pastDue);
        return differences;
    }

    private static void compare(List<String> differences, String what, Object actual, Object expected) {
        if (!Objects.equals(actual, expected)) {
            differences.add(what + ": dashboard " + actual + ", direct " + expected);
        }
    }
}
