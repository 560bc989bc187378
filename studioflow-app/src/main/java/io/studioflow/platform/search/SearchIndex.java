package io.studioflow.platform.search;

/**
 * Studioflow's Elasticsearch indices; each has its mapping in {@code elasticsearch/<name>.json}. The audit
 * trail is an index family of its own ({@code io.studioflow.audit.AuditIndices}).
 */
public enum SearchIndex {
    ASSETS("assets"),
    TASKS("tasks"),
    FILTERS("filters"),
    COLOUR_SESSIONS("colour-sessions"),
    FLOW_VERSIONS("flow-versions"),
    PRESETS("presets"),
    FLOW_TEMPLATES("flow-templates"),
    BATCHES("batches"),
    /** Which event holds each place of an image's audit chain (not {@code audit-...}: that prefix is the audit family's). */
    CHAIN_LINKS("chain-links");

    private final String shortName;

    SearchIndex(String shortName) {
        this.shortName = shortName;
    }

    public String shortName() {
        return shortName;
    }
}
