package io.studioflow.platform.search;

/** Studioflow's Elasticsearch indices; each has its mapping in {@code elasticsearch/<name>.json}. */
public enum SearchIndex {
    ASSETS("assets"),
    AUDIT("audit"),
    TASKS("tasks"),
    FILTERS("filters"),
    COLOUR_SESSIONS("colour-sessions");

    private final String shortName;

    SearchIndex(String shortName) {
        this.shortName = shortName;
    }

    public String shortName() {
        return shortName;
    }
}
