/**
 * Marketplace and brand presets: what a rendition must look like (canvas, background, product share, shadow,
 * file format), the catalogue of built-in and configured presets, and the validator that checks a stored
 * rendition's bytes against its preset in words a retoucher understands.
 */
package io.studioflow.publishing.preset;
