/**
 * Capture QC: measures a photographer's photo (sharpness, exposure, colour cast, resolution) and says
 * in plain words whether it needs a retake.
 */
package io.studioflow.capture.qc;
