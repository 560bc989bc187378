package io.studioflow.platform.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemBlobStoreTest extends BlobStoreContractTest {

    @TempDir
    Path root;

    @Override
    protected BlobStore newEmptyStore() {
        return new FileSystemBlobStore(root);
    }

    @Override
    protected int storedBlobCount() throws Exception {
        return filesUnderRoot().size();
    }

    @Test
    void aBlobIsExactlyOneFileUnderItsHashAndNoTemporaryFileStays() throws Exception {
        byte[] bytes = "a product photo".getBytes(StandardCharsets.UTF_8);

        String hash = store.put(bytes);
        store.put(bytes);

        assertThat(filesUnderRoot()).containsExactly(
                root.resolve(hash.substring(0, 2)).resolve(hash.substring(2, 4)).resolve(hash));
    }

    private List<Path> filesUnderRoot() throws Exception {
        try (var files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
