package io.studioflow.audit;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditHashesTest {

    /** Configured as Spring Boot's mapper and the search client's copy of it are. */
    private static final ObjectMapper STORE = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    @Test
    void hashSurvivesAJsonRoundTripAsTheStoresMakeIt() throws Exception {
        AuditEvent event = AuditEvents.chain("image-1", 3).getLast();
        String json = STORE.writeValueAsString(event);
        AuditEvent read = STORE.readValue(json, AuditEvent.class);
        assertThat(read).isNotSameAs(event);
        assertThat(read.scores().get("ratio")).as("1.0 comes back as a double").isEqualTo(1.0);
        assertThat(AuditHashes.hash(read)).isEqualTo(event.hash());

        // and through the Elasticsearch client's JSON-P mapper, as history reads do
        JacksonJsonpMapper jsonp = new JacksonJsonpMapper(STORE);
        try (var parser = jsonp.jsonProvider().createParser(new java.io.StringReader(json))) {
            AuditEvent viaClient = jsonp.deserialize(parser, AuditEvent.class);
            assertThat(AuditHashes.hash(viaClient)).isEqualTo(event.hash());
        }
    }

    @Test
    void canonicalFormSortsKeysDropsNullsAndWritesPlainNumbers() {
        AuditEvent event = new AuditEvent("e1", "img", null, "ingest", null, null, Actor.system("ingest"), "ACCEPTED",
                null, null, Map.of("b", 2.50, "a", 1, "c", 1.0e-7), null, null, null,
                Instant.parse("2026-11-30T08:00:00Z")).chained(1, null);
        String canonical = AuditHashes.canonical(event);
        assertThat(canonical).isEqualTo("{\"actor\":{\"name\":\"ingest\",\"type\":\"SYSTEM\"},\"decision\":\"ACCEPTED\","
                + "\"id\":\"e1\",\"imageId\":\"img\",\"scores\":{\"a\":1,\"b\":2.5,\"c\":0.0000001},\"sequence\":1,"
                + "\"step\":\"ingest\",\"time\":\"2026-11-30T08:00:00Z\"}");
        assertThat(event.hash()).isEqualTo(AuditHashes.sha256(canonical)).hasSize(64);
    }

    @Test
    void anyChangeOfContentOrLinkChangesTheHash() {
        AuditEvent event = AuditEvents.chain("image-1", 2).getLast();
        AuditEvent otherDecision = new AuditEvent(event.id(), event.imageId(), event.sku(), event.brand(), event.batch(),
                event.step(), event.elementId(), event.processInstanceKey(), event.processDefinitionVersion(),
                event.actor(), "REJECT", event.comment(), event.reasons(), event.scores(), event.inputHashes(),
                event.outputHashes(), event.durationMs(), event.time(), event.sequence(), event.previousHash(), event.hash());
        assertThat(AuditHashes.hash(otherDecision)).isNotEqualTo(event.hash());
        assertThat(event.chained(2, "0".repeat(64)).hash()).as("relinked").isNotEqualTo(event.hash());
        assertThat(event.chained(3, event.previousHash()).hash()).as("renumbered").isNotEqualTo(event.hash());
    }
}
