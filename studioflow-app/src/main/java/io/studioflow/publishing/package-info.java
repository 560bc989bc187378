/** Publication of approved renditions to the publish target. */
package io.studioflow.publishing;
