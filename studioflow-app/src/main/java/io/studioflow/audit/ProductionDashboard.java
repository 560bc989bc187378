package io.studioflow.audit;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.studioflow.ingest.AssetStatus;
import io.studioflow.platform.search.SearchIndex;
import io.studioflow.platform.search.SearchIndices;
import io.studioflow.review.ReviewTask;
import io.studioflow.review.TaskKind;
import io.studioflow.review.TaskService;
import java.io.IOException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.springframework.stereotype.Service;

/**
 * The production dashboard for managers: is the hybrid workflow paying off? Reads the audit trail (what happened to
 * each image), the tasks (people's time, service levels, the audit sample) and the assets (where images stand now).
 *
 * <p>Range figures are about the images <b>finished</b> in {@code [from, to)}: published, or rejected by a person,
 * each image once at its first such event in the range. Their facts (upload, routing, segmentation, human touches,
 * step time, task time) are read from their whole history up to {@code to}. Elasticsearch here has no scripts, so
 * what compares two fields of one document (decided after due) or needs exact per-image sets is computed in Java over
 * a lean stream (only the few fact events per image, only the fields needed); sums and counts are aggregations.
 */
@Service
public class ProductionDashboard {

    /** Longer ranges are refused: the finished images' facts are held in memory while the figures are computed. */
    public static final int MAX_RANGE_DAYS = 366;
    /** Ranges up to this long show quality per day, longer ones per week. */
    static final Duration DAILY_QUALITY_UP_TO = Duration.ofDays(14);
    public static final String AUDIT_SAMPLE = "audit-sample";
    static final String APPROVE_RETOUCHED = "APPROVE_RETOUCHED";
    /** Decisions on a task that neither decide nor change the image (as {@link AuditSearch}'s human-touch rate). */
    static final List<String> NOT_A_TOUCH = List.of("CLAIMED", "UNCLAIMED", "ASSIGNED", "COMMENTED", "OPENED");
    /** Sample decisions that mean the automated result would have been published wrong. */
    static final Set<String> ESCAPES = Set.of("REJECT", "RETAKE", TaskKind.REPROCESS, APPROVE_RETOUCHED);
    private static final int PAGE = 1_000;
    private static final int IDS_PER_QUERY = 1_000;
    private static final List<String> FACT_FIELDS = List.of("imageId", "step", "decision", "time", "actor.type", "scores");

    private final ElasticsearchClient client;
    private final AuditIndices auditIndices;
    private final AuditSearch search;
    private final DashboardProperties properties;
    private final String assetsIndex;
    private final String tasksIndex;

    public ProductionDashboard(ElasticsearchClient client, AuditIndices auditIndices, SearchIndices indices,
                               AuditSearch search, DashboardProperties properties) {
        this.client = client;
        this.auditIndices = auditIndices;
        this.search = search;
        this.properties = properties;
        this.assetsIndex = indices.name(SearchIndex.ASSETS);
        this.tasksIndex = indices.name(SearchIndex.TASKS);
    }

    public DashboardProperties properties() {
        return properties;
    }

    /** The figures over {@code [from, to)}, of one brand or (null) of all. */
    public ProductionFigures figures(Instant from, Instant to, String brand) {
        if (from == null || to == null) {
            throw new AuditRequestException("the dashboard needs both 'from' and 'to'");
        }
        if (!from.isBefore(to)) {
            throw new AuditRequestException("'from' (" + from + ") must be before 'to' (" + to + ")");
        }
        if (Duration.between(from, to).compareTo(Duration.ofDays(MAX_RANGE_DAYS)) > 0) {
            throw new AuditRequestException("the range may be at most " + MAX_RANGE_DAYS + " days; it was "
                    + Duration.between(from, to).toDays() + " days");
        }
        String scope = brand == null || brand.isBlank() ? null : brand.strip();
        Instant now = Instant.now();
        try {
            Map<String, ImageFacts> finished = finishedImages(from, to, scope);
            readHistories(finished, to);
            long computeMs = computeMillis(finished.keySet(), to);
            long humanNanos = humanNanos(finished.keySet(), to);

            long published = finished.values().stream().filter(f -> f.published).count();
            long auto = finished.values().stream().filter(ImageFacts::autoApproved).count();
            long touched = finished.values().stream().filter(f -> f.touched).count();
            int n = finished.size();

            return new ProductionFigures(from, to, scope, now,
                    throughput(finished.values(), from, to),
                    queues(scope, now),
                    sla(scope, from, to, now),
                    n, published, n - published, auto, rate(auto, n), touched, rate(touched, n),
                    search.figures(from, to, scope).rejectionReasons(),
                    auditSample(scope, from, to),
                    quality(finished.values(), from, to, scope),
                    cost(finished.values(), computeMs, humanNanos));
        } catch (IOException | ElasticsearchException e) {
            throw new AuditUnavailableException("The dashboard cannot read Elasticsearch now: " + e.getMessage(), e);
        }
    }

    /** What the dashboard needs to know of one finished image. */
    static final class ImageFacts {
        final String imageId;
        Instant finishedAt;
        boolean published;
        Instant uploadedAt;
        String lastRouting;
        Double segmentationConfidence;
        boolean touched;

        ImageFacts(String imageId) {
            this.imageId = imageId;
        }

        boolean autoApproved() {
            return published && "AUTO_APPROVE".equals(lastRouting);
        }
    }

    // ---- finished images and their facts ---------------------------------------------------------------------------

    private Map<String, ImageFacts> finishedImages(Instant from, Instant to, String brand) throws IOException {
        Map<String, ImageFacts> finished = new HashMap<>();
        BoolQuery.Builder q = new BoolQuery.Builder();
        range(q, "time", from, to);
        if (brand != null) {
            q.filter(f -> f.term(t -> t.field("brand").value(brand)));
        }
        q.filter(f -> f.bool(b -> b.minimumShouldMatch("1")
                .should(s -> s.bool(p -> p.filter(x -> x.term(t -> t.field("step").value("publish")))
                        .filter(x -> x.term(t -> t.field("decision").value("PUBLISHED")))))
                .should(s -> s.bool(r -> r.filter(x -> x.term(t -> t.field("step").value("review")))
                        .filter(x -> x.term(t -> t.field("decision").value("REJECT")))))));
        streamEvents(Query.of(x -> x.bool(q.build())), event -> {
            ImageFacts facts = finished.computeIfAbsent(event.imageId(), ImageFacts::new);
            if (facts.finishedAt == null || event.time().isBefore(facts.finishedAt)) {
                facts.finishedAt = event.time();
                facts.published = "publish".equals(event.step());
            }
        });
        return finished;
    }

    /**
     * Upload time, the last routing decision and segmentation confidence before finishing, and whether a person
     * decided on or changed the image, from each finished image's history up to {@code to}.
     */
    private void readHistories(Map<String, ImageFacts> finished, Instant to) throws IOException {
        List<FieldValue> notATouch = NOT_A_TOUCH.stream().map(FieldValue::of).toList();
        for (List<String> ids : chunks(finished.keySet())) {
            List<FieldValue> values = ids.stream().map(FieldValue::of).toList();
            Query q = Query.of(x -> x.bool(b -> b
                    .filter(f -> f.terms(t -> t.field("imageId").terms(v -> v.value(values))))
                    .filter(f -> f.range(r -> r.date(d -> d.field("time").lt(to.toString()))))
                    .filter(f -> f.bool(o -> o.minimumShouldMatch("1")
                            .should(s -> s.terms(t -> t.field("step").terms(v -> v.value(List.of(
                                    FieldValue.of("ingest"), FieldValue.of("routing"), FieldValue.of("segmentation"))))))
                            .should(s -> s.bool(h -> h.filter(y -> y.term(t -> t.field("actor.type").value("USER")))
                                    .filter(y -> y.terms(t -> t.field("step").terms(v -> v.value(List.of(
                                            FieldValue.of("review"), FieldValue.of("retake"))))))
                                    .mustNot(y -> y.terms(t -> t.field("decision").terms(v -> v.value(notATouch))))))))));
            streamEvents(q, event -> {
                ImageFacts facts = finished.get(event.imageId());
                if (facts != null) {
                    apply(facts, event);
                }
            });
        }
    }

    /** One fact event of a finished image, in chain order. */
    static void apply(ImageFacts facts, AuditEvent event) {
        boolean beforeFinish = !event.time().isAfter(facts.finishedAt);
        switch (event.step()) {
            case "ingest" -> {
                if (facts.uploadedAt == null || event.time().isBefore(facts.uploadedAt)) {
                    facts.uploadedAt = event.time();
                }
            }
            case "routing" -> {
                if (beforeFinish) {
                    facts.lastRouting = event.decision();
                }
            }
            case "segmentation" -> {
                Object confidence = event.scores() == null ? null : event.scores().get("confidence");
                if (beforeFinish && confidence instanceof Number number) {
                    facts.segmentationConfidence = number.doubleValue();
                }
            }
            default -> facts.touched = true; // a person's decision or change (the query let only those through)
        }
    }

    /** The workers' step time of these images, up to {@code to}: an exact sum of whole milliseconds. */
    private long computeMillis(Collection<String> imageIds, Instant to) throws IOException {
        long total = 0;
        for (List<String> ids : chunks(imageIds)) {
            List<FieldValue> values = ids.stream().map(FieldValue::of).toList();
            SearchResponse<Void> response = client.search(s -> s.index(auditIndices.pattern()).size(0)
                    .query(x -> x.bool(b -> b.filter(f -> f.terms(t -> t.field("imageId").terms(v -> v.value(values))))
                            .filter(f -> f.range(r -> r.date(d -> d.field("time").lt(to.toString()))))))
                    .aggregations("ms", a -> a.sum(m -> m.field("durationMs"))), Void.class);
            total += Math.round(response.aggregations().get("ms").sum().value());
        }
        return total;
    }

    /** People's task time on these images: claim to decision of each task decided before {@code to}, in nanoseconds. */
    private long humanNanos(Collection<String> imageIds, Instant to) throws IOException {
        long[] total = {0};
        for (List<String> ids : chunks(imageIds)) {
            List<FieldValue> values = ids.stream().map(FieldValue::of).toList();
            Query q = Query.of(x -> x.bool(b -> b.filter(f -> f.terms(t -> t.field("imageId").terms(v -> v.value(values))))
                    .filter(f -> f.term(t -> t.field("state").value(ReviewTask.TaskState.COMPLETED.name())))
                    .filter(f -> f.range(r -> r.date(d -> d.field("completedAt").lt(to.toString()))))));
            streamTasks(q, task -> total[0] += personTimeNanos(task));
        }
        return total[0];
    }

    /** Claim to decision; nothing for a task nobody claimed or that the system closed. */
    static long personTimeNanos(ReviewTask task) {
        if (task.claimedAt() == null || task.completedAt() == null || TaskService.SUPERSEDED.equals(task.decision())) {
            return 0;
        }
        return Math.max(0, Duration.between(task.claimedAt(), task.completedAt()).toNanos());
    }

    // ---- the figures ------------------------------------------------------------------------------------------------

    private static ProductionFigures.Throughput throughput(Collection<ImageFacts> finished, Instant from, Instant to) {
        TreeMap<Instant, Long> perHour = new TreeMap<>();
        finished.forEach(f -> perHour.merge(f.finishedAt.truncatedTo(ChronoUnit.HOURS), 1L, Long::sum));
        List<ProductionFigures.Hour> hours = perHour.entrySet().stream()
                .map(e -> new ProductionFigures.Hour(e.getKey(), e.getValue())).toList();
        double rangeHours = Duration.between(from, to).toNanos() / 3_600e9;
        long peak = perHour.values().stream().mapToLong(Long::longValue).max().orElse(0);
        return new ProductionFigures.Throughput(hours, finished.size() / rangeHours, peak);
    }

    private ProductionFigures.Queues queues(String brand, Instant now) throws IOException {
        SearchResponse<Void> assets = client.search(s -> s.index(assetsIndex).size(0)
                .query(x -> x.bool(b -> brand == null ? b : b.filter(f -> f.term(t -> t.field("brand").value(brand)))))
                .aggregations("status", a -> a.terms(t -> t.field("status").size(100))), Void.class);
        Map<String, Long> byStatus = new LinkedHashMap<>();
        for (AssetStatus status : AssetStatus.values()) {
            byStatus.put(status.name(), 0L);
        }
        for (StringTermsBucket bucket : assets.aggregations().get("status").sterms().buckets().array()) {
            byStatus.put(bucket.key().stringValue(), bucket.docCount());
        }

        String nowText = now.toString();
        SearchResponse<Void> tasks = client.search(s -> s.index(tasksIndex).size(0)
                .query(x -> x.bool(b -> openTasks(b, brand)))
                .aggregations("groups", a -> a.terms(t -> t.field("candidateGroups").size(100))
                        .aggregations("kinds", k -> k.terms(t -> t.field("kind").size(20))
                                .aggregations("pastDue", p -> p.filter(f -> f.range(r -> r.date(d -> d.field("dueAt").lt(nowText))))))),
                Void.class);
        List<ProductionFigures.Inbox> inboxes = new ArrayList<>();
        for (StringTermsBucket group : tasks.aggregations().get("groups").sterms().buckets().array()) {
            for (StringTermsBucket kind : group.aggregations().get("kinds").sterms().buckets().array()) {
                inboxes.add(new ProductionFigures.Inbox(group.key().stringValue(), kind.key().stringValue(), kind.docCount(),
                        kind.aggregations().get("pastDue").filter().docCount()));
            }
        }
        inboxes.sort(java.util.Comparator.comparing(ProductionFigures.Inbox::group).thenComparing(ProductionFigures.Inbox::kind));
        long open = client.count(c -> c.index(tasksIndex).query(x -> x.bool(b -> openTasks(b, brand)))).count();
        return new ProductionFigures.Queues(byStatus, inboxes, open);
    }

    private ProductionFigures.Sla sla(String brand, Instant from, Instant to, Instant now) throws IOException {
        long pastDue = client.count(c -> c.index(tasksIndex).query(x -> x.bool(b -> openTasks(b, brand)
                .filter(f -> f.range(r -> r.date(d -> d.field("dueAt").lt(now.toString()))))))).count();
        long[] decided = {0, 0};
        streamTasks(decidedIn(brand, from, to, null), task -> {
            decided[0]++;
            if (task.dueAt() != null && task.completedAt().isAfter(task.dueAt())) {
                decided[1]++;
            }
        });
        return new ProductionFigures.Sla(pastDue, decided[0], decided[1], rate(decided[1], decided[0]));
    }

    private ProductionFigures.AuditSample auditSample(String brand, Instant from, Instant to) throws IOException {
        Map<String, Boolean> escapedByImage = new HashMap<>();
        Map<String, Long> decisions = new TreeMap<>();
        streamTasks(decidedIn(brand, from, to, AUDIT_SAMPLE), task -> {
            String decision = sampleDecision(task);
            decisions.merge(decision, 1L, Long::sum);
            escapedByImage.merge(task.imageId(), ESCAPES.contains(decision), Boolean::logicalOr);
        });
        long escaped = escapedByImage.values().stream().filter(Boolean::booleanValue).count();
        return new ProductionFigures.AuditSample(escapedByImage.size(), escaped, rate(escaped, escapedByImage.size()), decisions);
    }

    /** The decision on a sample task, an approval that published a person's retouched file told apart. */
    static String sampleDecision(ReviewTask task) {
        if ("APPROVE".equals(task.decision()) && retouched(task)) {
            return APPROVE_RETOUCHED;
        }
        return task.decision();
    }

    private static boolean retouched(ReviewTask task) {
        if (task.latestVersion() != null) {
            return true;
        }
        Object review = task.completion() == null ? null : task.completion().get("review");
        return review instanceof Map<?, ?> outcome && outcome.get("retouchedHash") != null;
    }

    private ProductionFigures.Quality quality(Collection<ImageFacts> finished, Instant from, Instant to, String brand)
            throws IOException {
        boolean daily = Duration.between(from, to).compareTo(DAILY_QUALITY_UP_TO) <= 0;
        Map<LocalDate, List<ImageFacts>> byPeriod = new TreeMap<>();
        for (ImageFacts f : finished) {
            LocalDate day = f.finishedAt.atZone(ZoneOffset.UTC).toLocalDate();
            byPeriod.computeIfAbsent(daily ? day : day.with(DayOfWeek.MONDAY), k -> new ArrayList<>()).add(f);
        }
        List<ProductionFigures.Period> periods = new ArrayList<>();
        byPeriod.forEach((start, images) -> {
            Summary s = summary(images);
            periods.add(new ProductionFigures.Period(start, images.size(), s.auto, rate(s.auto, images.size()), s.segmented,
                    s.meanConfidence()));
        });
        return new ProductionFigures.Quality(daily ? "DAY" : "WEEK", periods, baseline(brand, to));
    }

    /** The first weeks from the first upload (of the brand), cut at {@code to}; null when nothing was uploaded yet. */
    private ProductionFigures.Baseline baseline(String brand, Instant to) throws IOException {
        Instant first = firstUpload(brand, to);
        if (first == null) {
            return null;
        }
        int weeks = properties.baselineWeeks();
        Instant end = first.plus(Duration.ofDays(7L * weeks));
        if (end.isAfter(to)) {
            end = to;
        }
        Map<String, ImageFacts> finished = finishedImages(first, end, brand);
        readHistories(finished, end);
        Summary s = summary(finished.values());
        return new ProductionFigures.Baseline(first, end, weeks, finished.size(), s.auto, rate(s.auto, finished.size()),
                s.segmented, s.meanConfidence());
    }

    private Instant firstUpload(String brand, Instant to) throws IOException {
        SearchResponse<AuditEvent> response = client.search(s -> s.index(auditIndices.pattern()).size(1)
                .query(x -> x.bool(b -> {
                    b.filter(f -> f.term(t -> t.field("step").value("ingest")))
                            .filter(f -> f.range(r -> r.date(d -> d.field("time").lt(to.toString()))));
                    return brand == null ? b : b.filter(f -> f.term(t -> t.field("brand").value(brand)));
                }))
                .sort(o -> o.field(f -> f.field("time").order(SortOrder.Asc)))
                .source(src -> src.filter(f -> f.includes("time"))), AuditEvent.class);
        List<Hit<AuditEvent>> hits = response.hits().hits();
        return hits.isEmpty() ? null : hits.getFirst().source().time();
    }

    private record Summary(long auto, long segmented, double confidenceSum) {
        Double meanConfidence() {
            return segmented == 0 ? null : confidenceSum / segmented;
        }
    }

    private static Summary summary(Collection<ImageFacts> images) {
        long auto = 0;
        long segmented = 0;
        double sum = 0;
        for (ImageFacts f : images) {
            if (f.autoApproved()) auto++;
            if (f.segmentationConfidence != null) {
                segmented++;
                sum += f.segmentationConfidence;
            }
        }
        return new Summary(auto, segmented, sum);
    }

    private ProductionFigures.Cost cost(Collection<ImageFacts> finished, long computeMs, long humanNanos) {
        int n = finished.size();
        double computeSeconds = computeMs / 1_000.0;
        double humanMinutes = humanNanos / 60e9;
        double computeCost = computeSeconds / 3_600 * properties.computeCostPerHour();
        double humanCost = humanMinutes / 60 * properties.humanCostPerHour();
        List<Double> turnaround = finished.stream().filter(f -> f.uploadedAt != null)
                .map(f -> Duration.between(f.uploadedAt, f.finishedAt).toNanos() / 1e9).sorted().toList();
        return new ProductionFigures.Cost(properties.currency(), properties.computeCostPerHour(), properties.humanCostPerHour(),
                computeSeconds, humanMinutes, per(computeSeconds, n), per(humanMinutes, n), per(computeCost, n),
                per(humanCost, n), per(computeCost + humanCost, n),
                new ProductionFigures.Turnaround(turnaround.size(), percentile(turnaround, 0.5), percentile(turnaround, 0.9)),
                new ProductionFigures.Traditional(properties.traditionalCostMin(), properties.traditionalCostMax(),
                        properties.traditionalTurnaroundDaysMin(), properties.traditionalTurnaroundDaysMax()));
    }

    /** Nearest rank: the smallest value with at least {@code p} of the values at or below it; 0 for none. */
    static double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int rank = (int) Math.ceil(p * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    static double rate(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }

    private static double per(double amount, long images) {
        return images == 0 ? 0 : amount / images;
    }

    // ---- queries ----------------------------------------------------------------------------------------------------

    private static BoolQuery.Builder openTasks(BoolQuery.Builder b, String brand) {
        b.filter(f -> f.term(t -> t.field("state").value(ReviewTask.TaskState.OPEN.name())));
        return brand == null ? b : b.filter(f -> f.term(t -> t.field("brand").value(brand)));
    }

    /** Tasks a person decided in {@code [from, to)} (not those the system closed), optionally of one check. */
    private static Query decidedIn(String brand, Instant from, Instant to, String check) {
        return Query.of(x -> x.bool(b -> {
            b.filter(f -> f.term(t -> t.field("state").value(ReviewTask.TaskState.COMPLETED.name())))
                    .mustNot(m -> m.term(t -> t.field("decision").value(TaskService.SUPERSEDED)));
            range(b, "completedAt", from, to);
            if (brand != null) b.filter(f -> f.term(t -> t.field("brand").value(brand)));
            if (check != null) {
                b.filter(f -> f.term(t -> t.field("check").value(check)))
                        .filter(f -> f.term(t -> t.field("kind").value(TaskKind.REVIEW.name())));
            }
            return b;
        }));
    }

    private static void range(BoolQuery.Builder b, String field, Instant from, Instant to) {
        b.filter(f -> f.range(r -> r.date(d -> d.field(field).gte(from.toString()).lt(to.toString()))));
    }

    /** Matching audit events, only the fact fields, image by image in chain order (search_after). */
    private void streamEvents(Query query, Consumer<AuditEvent> sink) throws IOException {
        List<FieldValue> after = null;
        while (true) {
            List<FieldValue> from = after;
            SearchResponse<AuditEvent> response = client.search(s -> {
                s.index(auditIndices.pattern()).query(query).size(PAGE)
                        .source(src -> src.filter(f -> f.includes(FACT_FIELDS)))
                        .sort(o -> o.field(f -> f.field("imageId").order(SortOrder.Asc)))
                        .sort(o -> o.field(f -> f.field("sequence").order(SortOrder.Asc)))
                        .sort(o -> o.field(f -> f.field("id").order(SortOrder.Asc)));
                return from == null ? s : s.searchAfter(from);
            }, AuditEvent.class);
            List<Hit<AuditEvent>> hits = response.hits().hits();
            hits.forEach(h -> sink.accept(h.source()));
            if (hits.size() < PAGE) {
                return;
            }
            after = hits.getLast().sort();
        }
    }

    private void streamTasks(Query query, Consumer<ReviewTask> sink) throws IOException {
        List<FieldValue> after = null;
        while (true) {
            List<FieldValue> from = after;
            SearchResponse<ReviewTask> response = client.search(s -> {
                s.index(tasksIndex).query(query).size(PAGE).sort(o -> o.field(f -> f.field("id").order(SortOrder.Asc)));
                return from == null ? s : s.searchAfter(from);
            }, ReviewTask.class);
            List<Hit<ReviewTask>> hits = response.hits().hits();
            hits.forEach(h -> sink.accept(h.source()));
            if (hits.size() < PAGE) {
                return;
            }
            after = hits.getLast().sort();
        }
    }

    private static List<List<String>> chunks(Collection<String> ids) {
        List<String> all = new ArrayList<>(ids);
        List<List<String>> chunks = new ArrayList<>();
        for (int i = 0; i < all.size(); i += IDS_PER_QUERY) {
            chunks.add(all.subList(i, Math.min(all.size(), i + IDS_PER_QUERY)));
        }
        return chunks;
    }
}
