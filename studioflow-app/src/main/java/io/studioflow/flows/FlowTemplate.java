package io.studioflow.flows;

import java.time.Instant;

/**
 * A flow template: what a recurring job ("apparel on white", "jewellery with shadow") runs, picked by an upload or a
 * batch by its {@code id}. It names the process its images run on (always that process's newest version, so a manager
 * keeps a job on its own flow by giving it its own process) and the brand, preset and inbox priority an upload gets
 * when it names none itself. How strictly its images are reviewed follows from the routing policy's rows for its
 * brand and preset. {@code version} counts the saves; an edit names the version it started from.
 *
 * @param brand    null: the upload's own, else {@code default}
 * @param preset   null: the upload's own, else the default preset
 * @param priority null: the upload's own, else the default (0..100, higher first)
 */
public record FlowTemplate(String id, String label, String description, String processId, String brand, String preset,
                           Integer priority, Long version, String updatedBy, Instant updatedAt) {

    /** The same template as saved: its id, its new version and who saved it when. */
    FlowTemplate saved(String id, long version, String by, Instant at) {
        return new FlowTemplate(id, strip(label), strip(description), strip(processId), strip(brand), strip(preset),
                priority, version, by, at);
    }

    private static String strip(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
