/** Every step and decision on an image, as append-only events in Elasticsearch. */
package io.studioflow.audit;
