/**
 * Batches: a season's photos taken in one gesture (a ZIP or many files, from the browser, the REST API or a hot
 * folder), mapped to SKUs by a manifest or their file names, recognised when already known, fed to the flow a bounded
 * number at a time, followed stage by stage, cancelled or retried, and exported per SKU.
 */
package io.studioflow.ingest.batch;
