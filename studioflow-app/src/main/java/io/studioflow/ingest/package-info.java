/** Uploads (REST for now), validation of what comes in, and the asset record each image keeps. */
package io.studioflow.ingest;
