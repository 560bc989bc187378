package io.studioflow.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.studioflow.ingest.AssetRepository;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The audit trail over REST, read-only: only GET is mapped here (the security configuration lets auditors,
 * managers and admins read and refuses every other method on these paths).
 */
@RestController
class AuditController {

    private static final Duration DEFAULT_FIGURES_RANGE = Duration.ofDays(30);

    private final AuditLog audit;
    private final AuditSearch search;
    private final AssetRepository assets;
    private final ObjectMapper json;

    AuditController(AuditLog audit, AuditSearch search, AssetRepository assets, ObjectMapper applicationMapper) {
        this.audit = audit;
        this.search = search;
        this.assets = assets;
        this.json = applicationMapper.copy().setSerializationInclusion(JsonInclude.Include.NON_NULL)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    /** Search: every parameter optional; from/to as ISO date (UTC day) or instant; newest first. */
    @GetMapping("/api/audit")
    AuditSearch.AuditPage find(@RequestParam(required = false) String sku,
                               @RequestParam(required = false) String imageId,
                               @RequestParam(required = false) String actor,
                               @RequestParam(required = false) String decision,
                               @RequestParam(required = false) String reason,
                               @RequestParam(required = false) String brand,
                               @RequestParam(required = false) String batch,
                               @RequestParam(required = false) String from,
                               @RequestParam(required = false) String to,
                               @RequestParam(defaultValue = "0") int page,
                               @RequestParam(defaultValue = "50") int size) {
        return search.search(new AuditQuery(sku, imageId, actor, decision, reason, brand, batch,
                start("from", from), end("to", to)), page, size);
    }

    @GetMapping("/api/audit/figures")
    AuditFigures figures(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                         @RequestParam(required = false) String brand) {
        Instant end = to == null || to.isBlank() ? Instant.now() : end("to", to);
        Instant begin = from == null || from.isBlank() ? end.minus(DEFAULT_FIGURES_RANGE) : start("from", from);
        if (!begin.isBefore(end)) {
            throw new AuditRequestException("'from' (" + begin + ") must be before 'to' (" + end + ")");
        }
        return search.figures(begin, end, brand == null || brand.isBlank() ? null : brand.strip());
    }

    /** Every event of a batch (photo shoot), image by image in chain order, streamed as CSV or JSON. */
    @GetMapping("/api/audit/export")
    void exportBatch(@RequestParam(required = false) String batch, @RequestParam(defaultValue = "csv") String format,
                     HttpServletResponse response) throws IOException {
        if (batch == null || batch.isBlank()) {
            throw new AuditRequestException("batch is required: the photo shoot (session) whose events to export");
        }
        String name = "audit-batch-" + safe(batch.strip());
        stream(format, name, response, sink -> search.forEach(AuditQuery.ofBatch(batch.strip()), sink));
    }

    @GetMapping("/api/images/{id}/history")
    List<AuditEvent> history(@PathVariable String id) {
        return existing(id);
    }

    @GetMapping("/api/images/{id}/history/verify")
    ChainVerifier.Verification verify(@PathVariable String id) {
        ChainVerifier.Verification verification = audit.verify(id);
        if (verification.events() == 0) {
            assets.get(id); // 404 for an image that does not exist
        }
        return verification;
    }

    @GetMapping("/api/images/{id}/history.json")
    void historyJson(@PathVariable String id, HttpServletResponse response) throws IOException {
        List<AuditEvent> events = existing(id);
        stream("json", "audit-image-" + safe(id), response, sink -> events.forEach(sink));
    }

    @GetMapping("/api/images/{id}/history.csv")
    void historyCsv(@PathVariable String id, HttpServletResponse response) throws IOException {
        List<AuditEvent> events = existing(id);
        stream("csv", "audit-image-" + safe(id), response, sink -> events.forEach(sink));
    }


    private List<AuditEvent> existing(String id) {
        List<AuditEvent> events = audit.history(id);
        if (events.isEmpty()) {
            assets.get(id);
        }
        return events;
    }

    private void stream(String format, String name, HttpServletResponse response, Consumer<Consumer<AuditEvent>> events)
            throws IOException {
        String kind = format == null ? "csv" : format.strip().toLowerCase(Locale.ROOT);
        if (!kind.equals("csv") && !kind.equals("json")) {
            throw new AuditRequestException("format must be csv or json, was '" + format + "'");
        }
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Content-Disposition", "attachment; filename=\"" + name + "." + kind + "\"");
        if (kind.equals("csv")) {
            response.setContentType("text/csv; charset=UTF-8");
            Writer writer = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
            AuditCsv csv = new AuditCsv(writer, json).header();
            events.accept(csv::write);
            writer.flush();
        } else {
            response.setContentType("application/json");
            try (JsonGenerator out = json.getFactory().createGenerator(response.getOutputStream())) {
                out.writeStartArray();
                events.accept(event -> {
                    try {
                        json.writeValue(out, event);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                out.writeEndArray();
            }
        }
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static Instant start(String parameter, String value) {
        return parse(parameter, value, false);
    }

    private static Instant end(String parameter, String value) {
        return parse(parameter, value, true);
    }

    /** An ISO instant, or an ISO date meaning that UTC day (its start for 'from', the next day's start for 'to'). */
    static Instant parse(String parameter, String value, boolean endOfDay) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.strip();
        try {
            if (text.length() == 10) {
                LocalDate day = LocalDate.parse(text);
                return (endOfDay ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new AuditRequestException("'" + parameter + "' must be a date (2026-11-30) or an instant "
                    + "(2026-11-30T08:00:00Z), was '" + value + "'");
        }
    }
}
