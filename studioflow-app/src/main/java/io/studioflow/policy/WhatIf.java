package io.studioflow.policy;

import java.util.List;
import java.util.Map;

/**
 * A draft policy replayed on recorded images: how many would go to humans under the current and the draft
 * policy, and how many that humans rejected or changed would have been auto-approved ("escaped").
 *
 * @param images         images replayed (those that reached the routing decision), newest first
 * @param humanCorrected of those, images a human rejected, sent back (retake, reprocess) or retouched
 */
public record WhatIf(int requested, int images, int humanCorrected, Side current, Side draft, List<ImageReplay> details) {

    /**
     * @param toHumans             images sent to a human by a threshold or the preset rule
     * @param autoApproved         the others
     * @param escaped              human-corrected images this policy would have auto-approved
     * @param expectedAuditSamples of the auto-approved, how many the random audit sample would send to a
     *                             human on average (not part of {@code toHumans}, which is exact)
     */
    public record Side(int toHumans, int autoApproved, int escaped, double expectedAuditSamples) {
    }

    public record ImageReplay(String imageId, String sku, String brand, String preset, Map<String, Object> confidences,
                              String humanDecision, boolean corrected, String currentCheck, String draftCheck,
                              boolean currentHuman, boolean draftHuman) {
    }
}
