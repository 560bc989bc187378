/**
 * Background removal: a {@link io.studioflow.processing.segmentation.SegmentationModel} per network (one class
 * each, so a new model is one new file) and the {@link io.studioflow.processing.segmentation.BackgroundRemover}
 * service that turns a model's matte into a cutout with a confidence. Nothing here knows about Zeebe.
 */
package io.studioflow.processing.segmentation;
