/** Routing policy: the DMN decision that sends an image to a human or lets it through. */
package io.studioflow.policy;
