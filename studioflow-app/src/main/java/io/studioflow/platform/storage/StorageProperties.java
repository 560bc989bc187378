package io.studioflow.platform.storage;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where blobs are kept: {@code studioflow.storage.type} is {@code filesystem} (under the data folder, one machine)
 * or {@code s3} (a bucket that every replica shares).
 */
@ConfigurationProperties("studioflow.storage")
public record StorageProperties(@DefaultValue("filesystem") Type type, @DefaultValue S3 s3) {

    public enum Type { FILESYSTEM, S3 }

    /**
     * An S3 bucket on AWS or on an S3-compatible server.
     *
     * @param bucket    required for {@code type=s3}
     * @param endpoint  the server's URL for MinIO, s3proxy, Ceph RGW and the like; blank for AWS itself
     * @param region    signs the requests; self-hosted servers mostly accept the default
     * @param pathStyle {@code http://host/bucket/key} instead of {@code http://bucket.host/key}: what self-hosted
     *                  servers usually need
     * @param prefix    put before every key (a trailing {@code /} is added), so a bucket can be shared
     * @param accessKey with {@code secretKey}: fixed credentials; both blank: the SDK's default chain
     *                  (AWS_ACCESS_KEY_ID, profiles, an instance or container role)
     */
    public record S3(String bucket, String endpoint, @DefaultValue("us-east-1") String region,
                     @DefaultValue("false") boolean pathStyle, String prefix, String accessKey, String secretKey) {
    }
}
