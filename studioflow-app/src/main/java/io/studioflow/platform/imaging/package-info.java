/**
 * Imaging primitives: safe decoding of uploads (probe before decode), encoding, and the native-memory
 * discipline for OpenCV Mats ({@link io.studioflow.platform.imaging.Mats},
 * {@link io.studioflow.platform.imaging.MatScope}).
 */
package io.studioflow.platform.imaging;
