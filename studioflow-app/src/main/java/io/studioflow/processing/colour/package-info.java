/**
 * Colour correction: white balance (from the studio sweep or other near-neutral pixels, grey world, white patch,
 * learning-based, or a grey card), a brand's target white, exposure normalisation, and consistency across a
 * photo session ({@link io.studioflow.processing.colour.BatchColourReference}), with a confidence that says how
 * trustworthy the neutral reference was.
 */
package io.studioflow.processing.colour;
