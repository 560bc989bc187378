package io.studioflow.ingest;

public class AssetNotFoundException extends RuntimeException {
    public AssetNotFoundException(String id) {
        super("no image with id " + id);
    }
}
