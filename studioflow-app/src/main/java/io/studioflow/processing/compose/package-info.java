/**
 * Composition: the cut-out product centred on pure white at the preset's size and fill ratio, with a
 * confidence that flags empty, cut-off or implausible masks.
 */
package io.studioflow.processing.compose;
