package io.studioflow.platform.storage;

/**
 * Where a blob lives inside a store: {@code ab/cd/<sha256>}, the same layout for files and object keys. Two
 * levels of 256 keep directories (and S3 listings) small.
 */
final class BlobKeys {

    private BlobKeys() {
    }

    /** The relative name of the blob with this hash; anything but a 64-hex hash is refused. */
    static String relativeName(String sha256) {
        // the hash is the only thing that names a blob: anything else could be a path traversal
        if (!Hashes.isSha256(sha256)) {
            throw new IllegalArgumentException("not a sha256 content address: " + sha256);
        }
        return sha256.substring(0, 2) + "/" + sha256.substring(2, 4) + "/" + sha256;
    }
}
