package io.studioflow.audit;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.studioflow.platform.search.SearchErrors;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The audit index family: one index per month ({@code studioflow-audit-2026.11}), all made from one index
 * template ({@code elasticsearch/audit.json}: settings and a strict mapping) that is put at start-up, so a
 * new month's index is created by its first event. Reads go to the whole family ({@code studioflow-audit-*}).
 */
@Component
public class AuditIndices {

    private static final Logger log = LoggerFactory.getLogger(AuditIndices.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy.MM").withZone(ZoneOffset.UTC);

    private final ElasticsearchClient client;
    private final String prefix;
    private volatile boolean templateReady;

    public AuditIndices(ElasticsearchClient client, @Value("${studioflow.search.index-prefix:studioflow}") String prefix) {
        this.client = client;
        this.prefix = prefix + "-audit-";
        try {
            ensureTemplate();
        } catch (RuntimeException unreachable) {
            // events wait in the outbox; the deliverer puts the template before its first write
            log.warn("Audit index template not put yet: {}", unreachable.toString());
        }
    }

    /** The index an event belongs in: the month (UTC) of its time. */
    public String indexFor(Instant time) {
        return prefix + MONTH.format(time == null ? Instant.now() : time);
    }

    /** Every month's index. */
    public String pattern() {
        return prefix + "*";
    }

    /** Puts (or updates) the template once per start; later calls are free. */
    void ensureTemplate() {
        if (templateReady) {
            return;
        }
        try {
            ObjectNode definition;
            try (InputStream in = new ClassPathResource("elasticsearch/audit.json").getInputStream()) {
                definition = (ObjectNode) JSON.readTree(in);
            }
            ObjectNode body = JSON.createObjectNode();
            body.putArray("index_patterns").add(pattern());
            body.put("priority", 100);
            body.set("template", definition);
            byte[] bytes = JSON.writeValueAsBytes(body);
            client.indices().putIndexTemplate(t -> t.name(prefix + "template").withJson(new ByteArrayInputStream(bytes)));
            templateReady = true;
        } catch (IOException | ElasticsearchException e) {
            throw SearchErrors.unchecked("could not put the audit index template", e);
        }
    }
}
