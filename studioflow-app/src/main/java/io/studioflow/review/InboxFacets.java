package io.studioflow.review;

import java.util.List;

/** The values an inbox's filters can take, read from the open tasks. */
public record InboxFacets(List<String> brands, List<String> presets, List<String> checks) {
}
