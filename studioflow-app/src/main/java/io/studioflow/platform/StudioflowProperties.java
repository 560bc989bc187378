package io.studioflow.platform;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Where Studioflow keeps its files; everything else is configured per feature. */
@ConfigurationProperties("studioflow")
public record StudioflowProperties(@DefaultValue("./data") Path dataDir) {

    public Path blobDir() {
        return dataDir.resolve("blobs");
    }

    public Path publishDir() {
        return dataDir.resolve("published");
    }
}
