/**
 * The vision quality harness: ground-truth scenes with exact alpha ({@link io.studioflow.processing.quality.GroundTruthScenes})
 * and the metrics that score a predicted matte against them ({@link io.studioflow.processing.quality.MatteMetrics}).
 */
package io.studioflow.processing.quality;
