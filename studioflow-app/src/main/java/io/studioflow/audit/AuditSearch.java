package io.studioflow.audit;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.CalendarInterval;
import co.elastic.clients.elasticsearch._types.aggregations.DateHistogramBucket;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.stereotype.Service;

/** Reading the audit trail across images: search, batch export (streamed) and figures (aggregations). */
@Service
public class AuditSearch {

    /** Elasticsearch's default result window: pages beyond it need the export. */
    static final int MAX_WINDOW = 10_000;
    public static final int MAX_PAGE_SIZE = 200;
    private static final int EXPORT_PAGE = 1_000;
    /** Decisions a person takes on a task that do not change or decide the image. */
    private static final List<String> NOT_A_TOUCH = List.of("CLAIMED", "UNCLAIMED", "ASSIGNED", "COMMENTED", "OPENED");
    private static final List<String> APPROVALS = List.of("APPROVE", "AUTO_APPROVE");

    private final ElasticsearchClient client;
    private final AuditIndices indices;

    public AuditSearch(ElasticsearchClient client, AuditIndices indices) {
        this.client = client;
        this.indices = indices;
    }

    public record AuditPage(long total, int page, int size, List<AuditEvent> items) {
    }

    /** One page of matching events, newest first. */
    public AuditPage search(AuditQuery query, int page, int size) {
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw new AuditRequestException("page must be 0 or more and size 1 to " + MAX_PAGE_SIZE);
        }
        if ((long) (page + 1) * size > MAX_WINDOW) {
            throw new AuditRequestException("only the first " + MAX_WINDOW + " matches can be paged through: narrow the "
                    + "search or use the export");
        }
        try {
            SearchResponse<AuditEvent> response = client.search(s -> s.index(indices.pattern())
                            .query(query(query))
                            .sort(o -> o.field(f -> f.field("time").order(SortOrder.Desc)))
                            .sort(o -> o.field(f -> f.field("id").order(SortOrder.Asc)))
                            .from(page * size).size(size).trackTotalHits(t -> t.enabled(true)),
                    AuditEvent.class);
            long total = response.hits().total() == null ? response.hits().hits().size() : response.hits().total().value();
            return new AuditPage(total, page, size, response.hits().hits().stream().map(Hit::source).toList());
        } catch (IOException | ElasticsearchException e) {
            throw unavailable(e);
        }
    }

    /**
     * Every matching event, image by image and in chain order within an image, handed to {@code sink} page by
     * page (search_after), so an export of any size streams in constant memory.
     */
    public void forEach(AuditQuery query, Consumer<AuditEvent> sink) {
        List<FieldValue> after = null;
        Query q = query(query);
        try {
            while (true) {
                List<FieldValue> from = after;
                SearchResponse<AuditEvent> response = client.search(s -> {
                    s.index(indices.pattern()).query(q).size(EXPORT_PAGE)
                            .sort(o -> o.field(f -> f.field("imageId").order(SortOrder.Asc)))
                            .sort(o -> o.field(f -> f.field("sequence").order(SortOrder.Asc)))
                            .sort(o -> o.field(f -> f.field("id").order(SortOrder.Asc)));
                    if (from != null) {
                        s.searchAfter(from);
                    }
                    return s;
                }, AuditEvent.class);
                List<Hit<AuditEvent>> hits = response.hits().hits();
                hits.forEach(h -> sink.accept(h.source()));
                if (hits.size() < EXPORT_PAGE) {
                    return;
                }
                after = hits.getLast().sort();
            }
        } catch (IOException | ElasticsearchException e) {
            throw unavailable(e);
        }
    }

    /** Approvals per day, human-touch rate, rejection reasons, per retoucher and per brand over {@code [from, to)}. */
    public AuditFigures figures(Instant from, Instant to, String brand) {
        AuditQuery scope = new AuditQuery(null, null, null, null, null, brand, null, from, to);
        Query touch = humanTouch();
        try {
            SearchResponse<Void> response = client.search(s -> s.index(indices.pattern()).size(0)
                            .query(query(scope))
                            .aggregations("images", a -> a.cardinality(c -> c.field("imageId").precisionThreshold(40_000)))
                            .aggregations("touched", a -> a.filter(touch)
                                    .aggregations("images", sa -> sa.cardinality(c -> c.field("imageId").precisionThreshold(40_000))))
                            .aggregations("approvals", a -> a.filter(f -> f.terms(t -> t.field("decision")
                                            .terms(v -> v.value(APPROVALS.stream().map(FieldValue::of).toList()))))
                                    .aggregations("days", sa -> sa.dateHistogram(h -> h.field("time")
                                                    .calendarInterval(CalendarInterval.Day).minDocCount(1))
                                            .aggregations("auto", da -> da.filter(f -> f.term(t -> t.field("decision")
                                                    .value("AUTO_APPROVE"))))
                                            // an image two people approved (four eyes) is one approved image
                                            .aggregations("human", da -> da.filter(f -> f.term(t -> t.field("decision")
                                                            .value("APPROVE")))
                                                    .aggregations("images", ia -> ia.cardinality(c -> c.field("imageId")
                                                            .precisionThreshold(40_000))))))
                            .aggregations("rejections", a -> a.filter(f -> f.term(t -> t.field("decision").value("REJECT")))
                                    .aggregations("reasons", sa -> sa.terms(t -> t.field("comment.keyword").size(20))))
                            .aggregations("retouchers", a -> a.filter(touch)
                                    .aggregations("names", sa -> sa.terms(t -> t.field("actor.name").size(100))
                                            .aggregations("decisions", da -> da.terms(t -> t.field("decision").size(20)))
                                            .aggregations("images", da -> da.cardinality(c -> c.field("imageId")))))
                            .aggregations("brands", a -> a.terms(t -> t.field("brand").size(100))
                                    .aggregations("images", sa -> sa.cardinality(c -> c.field("imageId").precisionThreshold(40_000)))
                                    .aggregations("touched", sa -> sa.filter(touch)
                                            .aggregations("images", ta -> ta.cardinality(c -> c.field("imageId"))))
                                    .aggregations("decisions", sa -> sa.terms(t -> t.field("decision").size(20)))),
                    Void.class);
            Map<String, Aggregate> aggs = response.aggregations();
            long images = aggs.get("images").cardinality().value();
            long touched = aggs.get("touched").filter().aggregations().get("images").cardinality().value();

            List<AuditFigures.Day> days = new ArrayList<>();
            for (DateHistogramBucket day : aggs.get("approvals").filter().aggregations().get("days").dateHistogram().buckets().array()) {
                long auto = day.aggregations().get("auto").filter().docCount();
                long human = day.aggregations().get("human").filter().aggregations().get("images").cardinality().value();
                days.add(new AuditFigures.Day(Instant.ofEpochMilli(day.key()).atZone(ZoneOffset.UTC).toLocalDate(),
                        human, auto));
            }
            List<AuditFigures.Count> reasons = new ArrayList<>();
            for (StringTermsBucket reason : aggs.get("rejections").filter().aggregations().get("reasons").sterms().buckets().array()) {
                reasons.add(new AuditFigures.Count(reason.key().stringValue(), reason.docCount()));
            }
            List<AuditFigures.Retoucher> retouchers = new ArrayList<>();
            for (StringTermsBucket name : aggs.get("retouchers").filter().aggregations().get("names").sterms().buckets().array()) {
                Map<String, Long> decisions = counts(name.aggregations().get("decisions"));
                retouchers.add(new AuditFigures.Retoucher(name.key().stringValue(), name.docCount(),
                        decisions.getOrDefault("APPROVE", 0L), decisions.getOrDefault("REJECT", 0L),
                        name.aggregations().get("images").cardinality().value()));
            }
            List<AuditFigures.Brand> brands = new ArrayList<>();
            for (StringTermsBucket b : aggs.get("brands").sterms().buckets().array()) {
                long brandImages = b.aggregations().get("images").cardinality().value();
                long brandTouched = b.aggregations().get("touched").filter().aggregations().get("images").cardinality().value();
                Map<String, Long> decisions = counts(b.aggregations().get("decisions"));
                brands.add(new AuditFigures.Brand(b.key().stringValue(), brandImages, brandTouched, rate(brandTouched, brandImages),
                        decisions.getOrDefault("APPROVE", 0L) + decisions.getOrDefault("AUTO_APPROVE", 0L),
                        decisions.getOrDefault("REJECT", 0L)));
            }
            return new AuditFigures(from, to, brand, images, touched, rate(touched, images), days, reasons, retouchers, brands);
        } catch (IOException | ElasticsearchException e) {
            throw unavailable(e);
        }
    }

    private static Map<String, Long> counts(Aggregate terms) {
        Map<String, Long> counts = new java.util.HashMap<>();
        terms.sterms().buckets().array().forEach(b -> counts.put(b.key().stringValue(), b.docCount()));
        return counts;
    }

    private static double rate(long part, long whole) {
        return whole == 0 ? 0 : Math.round(part * 10_000.0 / whole) / 10_000.0;
    }

    /** A person decided on or changed the image in a review or retake task. */
    private static Query humanTouch() {
        return Query.of(q -> q.bool(b -> b
                .filter(f -> f.term(t -> t.field("actor.type").value("USER")))
                .filter(f -> f.terms(t -> t.field("step").terms(v -> v.value(List.of(FieldValue.of("review"), FieldValue.of("retake"))))))
                .mustNot(n -> n.terms(t -> t.field("decision").terms(v -> v.value(NOT_A_TOUCH.stream().map(FieldValue::of).toList()))))));
    }

    static Query query(AuditQuery query) {
        BoolQuery.Builder bool = new BoolQuery.Builder();
        term(bool, "sku", query.sku());
        term(bool, "imageId", query.imageId());
        term(bool, "actor.name", query.actor());
        term(bool, "decision", query.decision() == null ? null : query.decision().strip().toUpperCase(java.util.Locale.ROOT));
        term(bool, "brand", query.brand());
        term(bool, "batch", query.batch());
        if (present(query.reason())) {
            String words = query.reason().strip();
            bool.filter(f -> f.bool(b -> b.minimumShouldMatch("1")
                    .should(s -> s.match(m -> m.field("reasons").query(words).operator(co.elastic.clients.elasticsearch._types.query_dsl.Operator.And)))
                    .should(s -> s.match(m -> m.field("comment").query(words).operator(co.elastic.clients.elasticsearch._types.query_dsl.Operator.And)))));
        }
        if (query.from() != null || query.to() != null) {
            bool.filter(f -> f.range(r -> r.date(d -> {
                d.field("time");
                if (query.from() != null) d.gte(query.from().toString());
                if (query.to() != null) d.lt(query.to().toString());
                return d;
            })));
        }
        return Query.of(q -> q.bool(bool.build()));
    }

    private static void term(BoolQuery.Builder bool, String field, String value) {
        if (present(value)) {
            String v = value.strip();
            bool.filter(f -> f.term(t -> t.field(field).value(v)));
        }
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static AuditUnavailableException unavailable(Exception e) {
        return new AuditUnavailableException("The audit store (Elasticsearch) cannot be reached: " + e.getMessage(), e);
    }
}
