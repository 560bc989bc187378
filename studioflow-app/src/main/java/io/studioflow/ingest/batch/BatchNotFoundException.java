package io.studioflow.ingest.batch;

public class BatchNotFoundException extends RuntimeException {
    public BatchNotFoundException(String id) {
        super("no batch " + id);
    }
}
