package io.studioflow.capture;

import java.util.List;
import java.util.Map;

/** What capture QC found: pass or not, why, and the measures behind it. */
public record QcOutcome(boolean passed, double confidence, List<String> reasons, Map<String, Double> measures) {
}
