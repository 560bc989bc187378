package io.studioflow.ingest.batch;

import io.studioflow.audit.AuditCsv;
import io.studioflow.ingest.Asset;
import io.studioflow.ingest.Rendition;
import io.studioflow.platform.storage.BlobStore;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * A batch's published renditions for a shop: a ZIP laid out per SKU ({@code <sku>/<sku>_<angle>.<ext>}, the angle
 * numbered where a SKU has several images without one), and a CSV with one line per image and its URL under
 * {@code studioflow.publishing.base-url} (where the publish folder is served from: a CDN, a bucket, a web server).
 * Both stream: a batch of thousands is never held in memory.
 */
@Service
public class BatchExport {

    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]");

    private final BatchService batches;
    private final BlobStore blobs;
    private final String baseUrl;

    public BatchExport(BatchService batches, BlobStore blobs,
                       @Value("${studioflow.publishing.base-url:published/}") String baseUrl) {
        this.batches = batches;
        this.blobs = blobs;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
    }

    public void zip(String batchId, OutputStream out) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out);
        zip.setLevel(0); // renditions are JPEG/WebP/PNG already: deflating them again costs CPU and saves nothing
        EntryNames names = new EntryNames();
        try {
            batches.forEachPublished(batchId, asset -> {
                for (Rendition r : asset.renditions() == null ? List.<Rendition>of() : asset.renditions()) {
                    try {
                        zip.putNextEntry(new ZipEntry(names.next(asset, r)));
                        zip.write(blobs.get(r.hash()));
                        zip.closeEntry();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        zip.finish();
    }

    public void csv(String batchId, Writer out) throws IOException {
        out.write("sku,angle,image_id,rendition,format,width,height,sha256,url\r\n");
        try {
            batches.forEachPublished(batchId, asset -> {
                for (Rendition r : asset.renditions() == null ? List.<Rendition>of() : asset.renditions()) {
                    try {
                        out.write(String.join(",", AuditCsv.quote(asset.sku()), AuditCsv.quote(asset.angle()), asset.id(), AuditCsv.quote(r.name()),
                                AuditCsv.quote(r.format()), String.valueOf(r.width()), String.valueOf(r.height()), r.hash(),
                                AuditCsv.quote(baseUrl + r.path())) + "\r\n");
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        out.flush();
    }

    /** Names inside the ZIP: one folder per SKU; an angle, else a number, tells a SKU's images apart. */
    private static final class EntryNames {
        private final Map<String, Integer> perSku = new HashMap<>();
        private final Map<String, Integer> taken = new HashMap<>();

        String next(Asset asset, Rendition r) {
            String sku = UNSAFE.matcher(asset.sku()).replaceAll("_");
            int n = perSku.merge(sku, 1, Integer::sum);
            String angle = asset.angle() == null ? String.valueOf(n) : UNSAFE.matcher(asset.angle()).replaceAll("_");
            String suffix = "main".equals(r.name()) ? "" : "_" + UNSAFE.matcher(r.name()).replaceAll("_");
            String extension = extension(r);
            String base = sku + "/" + sku + "_" + angle + suffix;
            int same = taken.merge(base, 1, Integer::sum);
            return (same == 1 ? base : base + "-" + same) + extension;
        }

        private static String extension(Rendition r) {
            String path = r.path() == null ? "" : r.path();
            int dot = path.lastIndexOf('.');
            return dot < 0 ? "" : path.substring(dot).replaceAll("[^.A-Za-z0-9]", "");
        }
    }

}
