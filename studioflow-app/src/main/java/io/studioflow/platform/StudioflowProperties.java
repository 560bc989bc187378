package io.studioflow.platform;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where Studioflow keeps its files; everything else is configured per feature. The data dir is this instance's
 * own (journals, outboxes, caches); the blob and publish dirs default to folders in it and are set apart when
 * several instances share them (a shared volume).
 */
@ConfigurationProperties("studioflow")
public record StudioflowProperties(@DefaultValue("./data") Path dataDir, Path blobDir, Path publishDir) {

    /** Content-addressed originals, intermediates and renditions ({@code studioflow.blob-dir}). */
    @Override
    public Path blobDir() {
        return blobDir != null ? blobDir : dataDir.resolve("blobs");
    }

    /** The published renditions the shops read ({@code studioflow.publish-dir}). */
    @Override
    public Path publishDir() {
        return publishDir != null ? publishDir : dataDir.resolve("published");
    }
}
