/**
 * Composition: the cut-out product centred on the preset's background (white, a brand colour or transparent) at
 * its size and fill ratio, with a shadow that keeps it grounded, and a confidence that flags empty, cut-off or
 * implausible masks.
 */
package io.studioflow.processing.compose;
