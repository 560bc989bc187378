/**
 * Capture QC: measures a photographer's photo (sharpness, exposure, noise, colour cast, resolution, tilt, the
 * product cut off by the frame, lighting against the rest of the session) and says in plain words whether it needs
 * a retake (hard findings) or only a note for the next shots (soft findings).
 */
package io.studioflow.capture.qc;
