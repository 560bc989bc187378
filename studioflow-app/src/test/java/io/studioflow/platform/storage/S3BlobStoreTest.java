package io.studioflow.platform.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The contract against a real S3-compatible server (s3proxy, a child JVM), plus what only S3 has. */
class S3BlobStoreTest extends BlobStoreContractTest {

    private static final String BUCKET = "studioflow-blobs";

    @TempDir
    static Path serverDir;

    private static S3ProxyServer server;
    /** The test's own view of the server: makes the bucket, lists and reads what the store wrote. */
    private static S3Client admin;

    /** Each test's store writes under its own prefix, so the counts are per test. */
    private String prefix;
    /** What the store's client put on the wire, one entry per attempt: "HEAD", "PUT", "GET". */
    private final List<String> attempts = new CopyOnWriteArrayList<>();
    private final List<S3BlobStore> opened = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startServer() throws Exception {
        server = S3ProxyServer.start(serverDir);
        admin = S3BlobStore.clientBuilder(settings(BUCKET, "", server.endpoint(), S3ProxyServer.CREDENTIAL)).build();
        admin.createBucket(b -> b.bucket(BUCKET));
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (admin != null) {
            admin.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void closeStores() {
        opened.forEach(S3BlobStore::close);
    }

    @Override
    protected BlobStore newEmptyStore() {
        prefix = "test-" + UUID.randomUUID() + "/";
        return storeOn(BUCKET, prefix, server.endpoint(), S3ProxyServer.CREDENTIAL);
    }

    @Override
    protected int storedBlobCount() {
        return keysUnder(prefix).size();
    }

    @Test
    void theObjectKeyIsThePrefixThenTwoLevelsOfTheHash() {
        byte[] bytes = "a product photo".getBytes(StandardCharsets.UTF_8);

        String hash = store.put(bytes);

        String key = prefix + hash.substring(0, 2) + "/" + hash.substring(2, 4) + "/" + hash;
        assertThat(keysUnder(prefix)).containsExactly(key);
        assertThat(admin.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray()).isEqualTo(bytes);
    }

    @Test
    void aPrefixWithoutSlashGetsOne() {
        String bare = "bare-" + UUID.randomUUID();
        S3BlobStore bareStore = storeOn(BUCKET, bare, server.endpoint(), S3ProxyServer.CREDENTIAL);

        String hash = bareStore.put(new byte[] {1, 2, 3});

        assertThat(keysUnder(bare)).containsExactly(bare + "/" + BlobKeys.relativeName(hash));
    }

    @Test
    void storingBytesThatAreThereAlreadyOnlyAsks() {
        byte[] bytes = "the same rendition".getBytes(StandardCharsets.UTF_8);

        store.put(bytes);
        store.put(bytes);

        assertThat(attempts).containsExactly("HEAD", "PUT", "HEAD");
    }

    @Test
    void theServerRefusesBytesThatDoNotMatchTheDigestTheStoreSends() {
        S3BlobStore s3Store = (S3BlobStore) store;
        byte[] meant = "what the worker made".getBytes(StandardCharsets.UTF_8);
        byte[] arrived = meant.clone();
        arrived[5] ^= 1; // one flipped bit on the way
        String hash = Hashes.sha256(meant);
        String key = s3Store.keyOf(hash);

        // the request put() makes for the meant bytes, with the damaged bytes in its body
        assertThatThrownBy(() -> s3Store.client().putObject(
                s3Store.putRequest(key, S3BlobStore.contentMd5(meant), arrived.length), RequestBody.fromBytes(arrived)))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("BadDigest");
                });
        assertThat(store.exists(hash)).isFalse();
    }

    @Test
    void bytesChangedInTheBucketAreNotReturned() {
        byte[] bytes = "the original".getBytes(StandardCharsets.UTF_8);
        String hash = store.put(bytes);
        String key = ((S3BlobStore) store).keyOf(hash);
        admin.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString("something else"));

        assertThatThrownBy(() -> store.get(hash)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("s3://" + BUCKET + "/" + key)
                .hasMessageContaining("does not hold the bytes of its SHA-256");
    }

    @Test
    void aBucketThatDoesNotExistIsAClearErrorNamingIt() {
        String missing = "no-such-bucket-" + UUID.randomUUID();
        S3BlobStore lost = storeOn(missing, "", server.endpoint(), S3ProxyServer.CREDENTIAL);
        String hash = Hashes.sha256(new byte[] {7});

        assertThatThrownBy(() -> lost.put(new byte[] {7})).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("bucket " + missing + " does not exist")
                .hasMessageContaining("s3://" + missing + "/" + BlobKeys.relativeName(hash));
        // a read must not pass for a missing blob: the whole store is missing
        assertThatThrownBy(() -> lost.get(hash)).isInstanceOf(IllegalStateException.class)
                .isNotInstanceOf(BlobNotFoundException.class)
                .hasMessageContaining("bucket " + missing + " does not exist");
    }

    @Test
    void wrongCredentialsAreAClearErrorNamingBucketAndKey() {
        S3BlobStore refused = storeOn(BUCKET, prefix, server.endpoint(), "not-the-secret");
        String hash = Hashes.sha256(new byte[] {9});

        assertThatThrownBy(() -> refused.put(new byte[] {9})).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("s3://" + BUCKET + "/" + prefix + BlobKeys.relativeName(hash))
                .hasMessageContaining("access denied");
        assertThat(attempts).as("a refusal is not retried").containsExactly("HEAD");
    }

    @Test
    void aServerErrorIsRetried() throws Exception {
        try (UnavailableOnce door = new UnavailableOnce(server.endpoint())) {
            S3BlobStore behindDoor = storeOn(BUCKET, prefix, door.endpoint(), S3ProxyServer.CREDENTIAL);
            byte[] bytes = "stored despite a 503".getBytes(StandardCharsets.UTF_8);

            String hash = behindDoor.put(bytes);

            assertThat(door.refused()).isEqualTo(1);
            assertThat(attempts).containsExactly("HEAD", "HEAD", "PUT");
            assertThat(store.get(hash)).isEqualTo(bytes);
        }
    }

    private S3BlobStore storeOn(String bucket, String prefix, URI endpoint, String secret) {
        S3ClientBuilder builder = S3BlobStore.clientBuilder(settings(bucket, prefix, endpoint, secret));
        // the production client as it is, plus a recorder of every attempt it sends
        builder.overrideConfiguration(builder.overrideConfiguration().toBuilder()
                .addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                        attempts.add(context.httpRequest().method().name());
                    }
                }).build());
        S3BlobStore s3Store = new S3BlobStore(builder.build(), bucket, prefix);
        opened.add(s3Store);
        return s3Store;
    }

    private static StorageProperties.S3 settings(String bucket, String prefix, URI endpoint, String secret) {
        return new StorageProperties.S3(bucket, endpoint.toString(), "us-east-1", true, prefix,
                S3ProxyServer.IDENTITY, secret);
    }

    private static List<String> keysUnder(String prefix) {
        return admin.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(prefix)).contents().stream()
                .map(S3Object::key).toList();
    }

    /**
     * A door in front of the server that answers the first connection with 503 Slow Down (what S3 says when it
     * sheds load) and passes every later one through byte for byte, signatures untouched.
     */
    private static final class UnavailableOnce implements AutoCloseable {

        private final ServerSocket listener;
        private final URI upstream;
        private final AtomicInteger refused = new AtomicInteger();
        private final Thread acceptor;

        UnavailableOnce(URI upstream) throws IOException {
            this.upstream = upstream;
            this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            this.acceptor = Thread.ofVirtual().start(this::acceptLoop);
        }

        URI endpoint() {
            return URI.create("http://127.0.0.1:" + listener.getLocalPort());
        }

        int refused() {
            return refused.get();
        }

        private void acceptLoop() {
            while (!listener.isClosed()) {
                try {
                    Socket client = listener.accept();
                    if (refused.get() == 0) {
                        refused.incrementAndGet();
                        refuse(client);
                    } else {
                        Socket server = new Socket(upstream.getHost(), upstream.getPort());
                        Thread.ofVirtual().start(() -> pump(client, server));
                        Thread.ofVirtual().start(() -> pump(server, client));
                    }
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private static void refuse(Socket client) throws IOException {
            try (client) {
                InputStream in = client.getInputStream();
                // read the request head: the first request of a put is a HEAD, which has no body
                int matched = 0;
                byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
                while (matched < end.length) {
                    int b = in.read();
                    if (b < 0) {
                        return;
                    }
                    matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
                }
                client.getOutputStream().write(("HTTP/1.1 503 Slow Down\r\nContent-Length: 0\r\n"
                        + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            }
        }

        private static void pump(Socket from, Socket to) {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException gone) {
                // either side hung up
            } finally {
                try {
                    from.close();
                    to.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }

        @Override
        public void close() throws Exception {
            listener.close();
            acceptor.join(5000);
        }
    }
}
