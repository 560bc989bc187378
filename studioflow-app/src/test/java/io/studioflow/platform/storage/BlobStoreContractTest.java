package io.studioflow.platform.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link BlobStore} must do, whatever keeps the bytes. A subclass gives a new, empty store for each
 * test and counts what that store holds.
 */
abstract class BlobStoreContractTest {

    /** A store that holds nothing yet, its own for this test. */
    protected abstract BlobStore newEmptyStore() throws Exception;

    /** How many blobs the store from {@link #newEmptyStore()} holds now, counted in its medium (files, objects). */
    protected abstract int storedBlobCount() throws Exception;

    protected BlobStore store;

    @BeforeEach
    void openEmptyStore() throws Exception {
        store = newEmptyStore();
    }

    @Test
    void storesUnderTheContentHashAndReadsBack() {
        byte[] bytes = "a product photo".getBytes(StandardCharsets.UTF_8);

        String hash = store.put(bytes);

        assertThat(hash).isEqualTo(Hashes.sha256(bytes)).hasSize(64);
        assertThat(store.get(hash)).isEqualTo(bytes);
    }

    @Test
    void puttingTheSameBytesTwiceKeepsOneBlob() throws Exception {
        byte[] bytes = "the same rendition".getBytes(StandardCharsets.UTF_8);

        String first = store.put(bytes);
        String second = store.put(bytes);

        assertThat(second).isEqualTo(first);
        assertThat(store.get(second)).isEqualTo(bytes);
        assertThat(storedBlobCount()).isEqualTo(1);
    }

    @Test
    void existsOnlyForStoredHashes() {
        byte[] stored = "stored".getBytes(StandardCharsets.UTF_8);
        String hash = store.put(stored);

        assertThat(store.exists(hash)).isTrue();
        assertThat(store.exists(Hashes.sha256("never stored".getBytes(StandardCharsets.UTF_8)))).isFalse();
    }

    @Test
    void unknownHashIsABlobNotFoundNamingTheHash() {
        String unknown = Hashes.sha256("never stored".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> store.get(unknown)).isInstanceOf(BlobNotFoundException.class)
                .hasMessageContaining(unknown);
    }

    @Test
    void onlyALowerCaseSha256NamesABlob() {
        String traversalOfHashLength = "../../" + "a".repeat(58);
        for (String notAHash : new String[] {"../../etc/passwd", "ab/../../x", traversalOfHashLength, "",
                "A".repeat(64), "a".repeat(63), "a".repeat(65), "g".repeat(64)}) {
            assertThatThrownBy(() -> store.get(notAHash)).as(notAHash).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.exists(notAHash)).as(notAHash).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> store.get(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTwentyMegabyteBlobRoundTripsByteForByte() {
        byte[] bytes = new byte[20 * 1024 * 1024];
        new Random(20).nextBytes(bytes); // random bytes do not compress: the full size crosses the wire

        String hash = store.put(bytes);

        assertThat(hash).isEqualTo(Hashes.sha256(bytes));
        assertThat(store.get(hash)).isEqualTo(bytes);
    }

    @Test
    void eightWritersOfTheSameBytesLeaveOneBlobAndNoError() throws Exception {
        byte[] bytes = new byte[256 * 1024];
        new Random(8).nextBytes(bytes);
        int writers = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                Callable<String> put = () -> {
                    start.await(); // all at once, so the existence checks race
                    return store.put(bytes);
                };
                results.add(pool.submit(put));
            }
            start.countDown();
            for (Future<String> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(Hashes.sha256(bytes));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(storedBlobCount()).isEqualTo(1);
        assertThat(store.get(Hashes.sha256(bytes))).isEqualTo(bytes);
    }

    @Test
    void anEmptyBlobRoundTrips() {
        String hash = store.put(new byte[0]);

        assertThat(hash).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(store.exists(hash)).isTrue();
        assertThat(store.get(hash)).isEmpty();
    }
}
