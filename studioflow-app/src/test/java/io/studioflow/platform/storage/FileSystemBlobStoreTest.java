package io.studioflow.platform.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemBlobStoreTest {

    @TempDir
    Path root;

    @Test
    void storesByContentHashOnceAndReadsBack() throws Exception {
        FileSystemBlobStore store = new FileSystemBlobStore(root);
        byte[] bytes = "a product photo".getBytes(StandardCharsets.UTF_8);

        String hash = store.put(bytes);
        assertThat(hash).isEqualTo(Hashes.sha256(bytes)).hasSize(64);
        assertThat(store.put(bytes)).isEqualTo(hash);
        assertThat(store.get(hash)).isEqualTo(bytes);
        assertThat(store.exists(hash)).isTrue();
        try (var files = Files.walk(root)) {
            assertThat(files.filter(Files::isRegularFile).toList()).hasSize(1);
        }
    }

    @Test
    void unknownHashIsAClearError() {
        FileSystemBlobStore store = new FileSystemBlobStore(root);
        assertThatThrownBy(() -> store.get("0".repeat(64))).isInstanceOf(BlobNotFoundException.class)
                .hasMessageContaining("0".repeat(64));
    }

    @Test
    void onlyAHashNamesAFile() {
        FileSystemBlobStore store = new FileSystemBlobStore(root);
        assertThatThrownBy(() -> store.get("../../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.exists("ab/../../x")).isInstanceOf(IllegalArgumentException.class);
    }
}
