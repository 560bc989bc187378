package io.studioflow.processing.quality;

import io.studioflow.processing.quality.MatteMetrics.Scores;

/**
 * One ground-truth scene through the three cutters, and the routing evidence.
 *
 * @param category   the scene's hard case
 * @param background what the object stands on
 * @param seed       the scene's seed
 * @param raw        the model's matte scaled to the photo
 * @param refined    ours: the model's matte refined at full resolution (what the flow uses)
 * @param grabCut    the classical baseline
 * @param confidence the segmentation step's confidence for this photo, and what it is made of: the model's own
 *                   certainty, and the backdrop cross-check's residual, backdrop inside and product outside shares
 */
public record HarnessCase(SceneCategory category, BackgroundKind background, long seed, Scores raw, Scores refined,
                          Scores grabCut, double confidence, double modelCertainty, double backdropResidual,
                          double backdropInside, double productOutside) {

    /**
     * The harness's boundary F counts an edge as found within this distance. The DAVIS default (0.2% of the
     * diagonal, 6 px at 2048²) cannot tell an exact edge from one 5 px off, which is a visible halo on a 2000 px
     * rendition; at full resolution the edge must be right to the pixel.
     */
    public static final double BOUNDARY_TOLERANCE_PX = 1.0;

    /** Below this IoU the cut needs a human: the acceptance's definition of a failed case. */
    public static final double FAILURE_IOU = 0.9;

    /** The cut that would be published is wrong enough that a retoucher must fix it. */
    public boolean failed() {
        return refined.iou() < FAILURE_IOU;
    }
}
