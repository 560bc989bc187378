package io.studioflow.platform.storage;

public class BlobNotFoundException extends RuntimeException {
    public BlobNotFoundException(String sha256) {
        super("no stored file with sha256 " + sha256);
    }
}
