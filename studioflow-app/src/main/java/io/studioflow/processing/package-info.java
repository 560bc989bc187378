/** Intelligent processing: segmentation, colour correction, composition. */
package io.studioflow.processing;
