package io.studioflow.platform.storage;

import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Blobs as objects {@code <prefix>ab/cd/<sha256>} in one S3 bucket (AWS, MinIO, s3proxy, Ceph RGW...), so that
 * every replica sees the same blobs. Owns its client: {@link #close()} shuts its connection pool.
 *
 * <p>Integrity: a put sends the bytes' MD5 as Content-MD5, which AWS, MinIO, Ceph and s3proxy all check
 * (BadDigest); a get checks the bytes against the SHA-256 they are addressed by. The SDK's newer flexible checksums
 * ({@code x-amz-checksum-*}) are left off: self-hosted servers such as s3proxy 2.6.0 answer them with 501.
 *
 * <p>Transient failures (5xx, throttling, broken connections) are retried by the SDK's standard retry mode;
 * what is left becomes an {@link IllegalStateException} naming the bucket and key.
 */
public class S3BlobStore implements BlobStore, AutoCloseable {

    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    public S3BlobStore(S3Client s3, String bucket, String prefix) {
        if (isBlank(bucket)) {
            throw new IllegalArgumentException("an S3 store needs a bucket name");
        }
        this.s3 = s3;
        this.bucket = bucket.strip();
        this.prefix = normalizedPrefix(prefix);
    }

    /** A store with its own client, configured from the settings. */
    public static S3BlobStore connect(StorageProperties.S3 settings) {
        if (isBlank(settings.bucket())) {
            throw new IllegalStateException(
                    "studioflow.storage.s3.bucket (STUDIOFLOW_STORAGE_S3_BUCKET) must be set for studioflow.storage.type=s3");
        }
        return new S3BlobStore(clientBuilder(settings).build(), settings.bucket(), settings.prefix());
    }

    /** The client as {@link #connect} builds it; tests add their own interceptors to it. */
    static S3ClientBuilder clientBuilder(StorageProperties.S3 settings) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(ApacheHttpClient.builder())
                .region(Region.of(isBlank(settings.region()) ? "us-east-1" : settings.region().strip()))
                .credentialsProvider(credentials(settings))
                .forcePathStyle(settings.pathStyle())
                // only where an operation demands it: by default the SDK adds x-amz-checksum-crc32 to every put
                // and x-amz-checksum-mode to every get, which self-hosted servers may refuse (see above)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD));
        if (!isBlank(settings.endpoint())) {
            builder.endpointOverride(URI.create(settings.endpoint().strip()));
        }
        return builder;
    }

    private static AwsCredentialsProvider credentials(StorageProperties.S3 settings) {
        boolean hasKey = !isBlank(settings.accessKey());
        boolean hasSecret = !isBlank(settings.secretKey());
        if (hasKey != hasSecret) {
            throw new IllegalStateException("studioflow.storage.s3.access-key and .secret-key go together: set both, "
                    + "or neither to use the SDK's default credentials (environment, profile, instance role)");
        }
        return hasKey
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()))
                : DefaultCredentialsProvider.builder().build();
    }

    @Override
    public String put(byte[] bytes) {
        String hash = Hashes.sha256(bytes);
        String key = keyOf(hash);
        // content-addressed: an object under this key already holds these bytes
        if (objectExists(key)) {
            return hash;
        }
        try {
            s3.putObject(putRequest(key, contentMd5(bytes), bytes.length), RequestBody.fromBytes(bytes));
            return hash;
        } catch (SdkException e) {
            throw failure("store", key, e);
        }
    }

    /** Carries the bytes' MD5, so the server refuses bytes that changed on the way (BadDigest). */
    PutObjectRequest putRequest(String key, String contentMd5, long length) {
        return PutObjectRequest.builder()
                .bucket(bucket)
                .key(key)
                .contentLength(length)
                .contentMD5(contentMd5)
                .contentType("application/octet-stream")
                .build();
    }

    static String contentMd5(byte[] bytes) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public byte[] get(String sha256) {
        String key = keyOf(sha256);
        byte[] bytes;
        try {
            bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
        } catch (NoSuchKeyException e) {
            throw new BlobNotFoundException(sha256);
        } catch (SdkException e) {
            throw failure("read", key, e);
        }
        // the address is the checksum: bytes that do not hash to it were changed after they were stored
        String actual = Hashes.sha256(bytes);
        if (!actual.equals(sha256)) {
            throw new IllegalStateException("s3://" + bucket + "/" + key + " does not hold the bytes of its SHA-256 "
                    + "(" + bytes.length + " bytes that hash to " + actual + "): changed in the bucket");
        }
        return bytes;
    }

    @Override
    public boolean exists(String sha256) {
        return objectExists(keyOf(sha256));
    }

    private boolean objectExists(String key) {
        try {
            s3.headObject(b -> b.bucket(bucket).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            // a HEAD has no error body: a missing bucket answers 404 too, and put() then names it
            return false;
        } catch (SdkException e) {
            throw failure("look up", key, e);
        }
    }

    /** The object key of the blob with this hash; anything but a 64-hex hash is refused. */
    String keyOf(String sha256) {
        return prefix + BlobKeys.relativeName(sha256);
    }

    public String bucket() {
        return bucket;
    }

    public String prefix() {
        return prefix;
    }

    S3Client client() {
        return s3;
    }

    private IllegalStateException failure(String action, String key, SdkException e) {
        String where = "s3://" + bucket + "/" + key;
        if (e instanceof S3Exception s3e && s3e.awsErrorDetails() != null
                && "NoSuchBucket".equals(s3e.awsErrorDetails().errorCode())) {
            return new IllegalStateException("could not " + action + " " + where + ": the bucket " + bucket
                    + " does not exist (studioflow.storage.s3.bucket)", e);
        }
        if (e instanceof S3Exception s3e && (s3e.statusCode() == 403 || s3e.statusCode() == 401)) {
            return new IllegalStateException("could not " + action + " " + where + ": access denied (wrong "
                    + "credentials, or they lack s3:GetObject, s3:PutObject or s3:ListBucket on bucket " + bucket + "): "
                    + e.getMessage(), e);
        }
        return new IllegalStateException("could not " + action + " " + where + ": " + e.getMessage(), e);
    }

    private static String normalizedPrefix(String prefix) {
        if (isBlank(prefix)) {
            return "";
        }
        String p = prefix.strip();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        return p.isEmpty() || p.endsWith("/") ? p : p + "/";
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    @Override
    public void close() {
        s3.close();
    }

    @Override
    public String toString() {
        return "S3BlobStore[s3://" + bucket + "/" + prefix + "]";
    }
}
