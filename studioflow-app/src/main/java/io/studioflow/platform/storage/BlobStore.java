package io.studioflow.platform.storage;

/**
 * Content-addressed storage for originals, intermediates and renditions. The address is the SHA-256
 * of the bytes, so a repeated step writes nothing new and a job delivered twice stays idempotent.
 */
public interface BlobStore {

    /** Stores the bytes (if not already there) and returns their SHA-256 in lower-case hex. */
    String put(byte[] bytes);

    /** The bytes stored under this hash; {@link BlobNotFoundException} if there are none. */
    byte[] get(String sha256);

    boolean exists(String sha256);
}
