/**
 * Every step and decision on an image, as an append-only, hash-chained trail in Elasticsearch.
 *
 * <p>{@link io.studioflow.audit.AuditLog#record} chains an event into its image's history (sequence,
 * previous hash, SHA-256 of the canonical form: {@link io.studioflow.audit.AuditHashes}) and appends it to a
 * durable local outbox ({@link io.studioflow.audit.AuditOutbox}); the {@link io.studioflow.audit.AuditDeliverer}
 * bulk-creates outbox entries in the monthly indices ({@link io.studioflow.audit.AuditIndices}), catching up
 * after an outage. {@link io.studioflow.audit.ChainVerifier} names the first tampered, missing or reordered
 * event; {@link io.studioflow.audit.AuditSearch} searches, exports and counts; the REST API is read-only
 * ({@code AuditController}).
 */
package io.studioflow.audit;
