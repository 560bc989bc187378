/** Capture stage: quality checks of the photographer's photo, and retakes. */
package io.studioflow.capture;
