/**
 * Colour correction: white balance from the studio sweep (or other near-neutral pixels), with a
 * confidence that says how trustworthy the neutral reference was.
 */
package io.studioflow.processing.colour;
