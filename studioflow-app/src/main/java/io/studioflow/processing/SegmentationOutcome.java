package io.studioflow.processing;

/** The background removal step: the cutout (PNG with alpha), its mask, the model and its confidence. */
public record SegmentationOutcome(double confidence, String cutoutHash, String maskHash, String model,
                                  String modelVersion, long inferenceMs) {
}
