package io.studioflow.review;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The inbox's service levels and the bulk-approval bar.
 *
 * @param reviewSla                 time from a review task opening to its due time
 * @param retakeSla                 time from a retake task opening to its due time
 * @param bulkApproveMinConfidence  a review task may be approved in bulk only when its lowest step
 *                                  confidence is at least this and an automated result exists
 * @param checklists                per brand, what a retoucher confirms before approving; brands without
 *                                  one get {@link #DEFAULT_CHECKLIST}
 */
@ConfigurationProperties("studioflow.review")
public record ReviewProperties(@DefaultValue("PT4H") Duration reviewSla,
                               @DefaultValue("PT24H") Duration retakeSla,
                               @DefaultValue("0.6") double bulkApproveMinConfidence,
                               Map<String, List<String>> checklists) {

    public static final List<String> DEFAULT_CHECKLIST = List.of(
            "Edges are clean: no halo, no leftover background, holes are open",
            "The whole product is in frame, nothing cut off",
            "Colours match the product; whites are neutral",
            "The background is pure white and the shadow looks natural",
            "No dust, scratches or stray objects");

    public List<String> checklistFor(String brand) {
        if (checklists != null && brand != null && checklists.containsKey(brand)) {
            return checklists.get(brand);
        }
        return DEFAULT_CHECKLIST;
    }
}
