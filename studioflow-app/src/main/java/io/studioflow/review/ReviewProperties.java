package io.studioflow.review;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The inbox's service levels and the bulk-approval bar.
 *
 * @param reviewSla                 time from a review task opening to its due time
 * @param retakeSla                 time from a retake task opening to its due time
 * @param bulkApproveMinConfidence  a review task may be approved in bulk only when its lowest step
 *                                  confidence is at least this and an automated result exists
 */
@ConfigurationProperties("studioflow.review")
public record ReviewProperties(@DefaultValue("PT4H") Duration reviewSla,
                               @DefaultValue("PT24H") Duration retakeSla,
                               @DefaultValue("0.6") double bulkApproveMinConfidence) {
}
