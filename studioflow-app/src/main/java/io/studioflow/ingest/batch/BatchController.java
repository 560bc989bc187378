package io.studioflow.ingest.batch;

import io.studioflow.ingest.AssetStatus;
import io.studioflow.ingest.ImageRequestException;
import io.studioflow.platform.StudioflowProperties;
import io.studioflow.platform.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

@RestController
@RequestMapping("/api/batches")
@Tag(name = "Batches", description = "Many photos in one request: a ZIP or many files, mapped to SKUs by a CSV manifest "
        + "or their file names; followed stage by stage, cancelled, retried and exported per SKU.")
class BatchController {

    private final BatchIntake intake;
    private final BatchRepository batches;
    private final BatchService service;
    private final BatchExport export;
    private final Path uploads;
    private final long maxArchiveBytes;

    BatchController(BatchIntake intake, BatchRepository batches, BatchService service, BatchExport export,
                    StudioflowProperties properties,
                    @Value("${studioflow.ingest.max-batch-bytes:4294967296}") long maxArchiveBytes) {
        this.intake = intake;
        this.batches = batches;
        this.service = service;
        this.export = export;
        this.uploads = properties.dataDir().resolve("batches").resolve(".uploads");
        this.maxArchiveBytes = maxArchiveBytes;
    }

    record Changed(String batchId, int images) {
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Send a batch as multipart form data",
            description = "Parts 'files' (photos and/or ZIP archives, repeatable) and optionally 'manifest' (CSV with "
                    + "columns file,sku[,angle,brand,preset]; a manifest.csv inside a ZIP is read too). Answers at once "
                    + "with the batch; its photos are read in the background. Photos whose content is already an image "
                    + "are reported as duplicates and not processed again. For archives larger than the multipart limit, "
                    + "send the ZIP as the request body with Content-Type application/zip.")
    Batch submitForm(@RequestParam(value = "files", required = false) List<MultipartFile> files,
                     @RequestParam(value = "manifest", required = false) MultipartFile manifest,
                     @Parameter(description = "a name for the batch (default: its first file's)") @RequestParam(value = "name", required = false) String name,
                     @Parameter(description = "flow template id") @RequestParam(value = "template", required = false) String template,
                     @RequestParam(value = "brand", required = false) String brand,
                     @RequestParam(value = "preset", required = false) String preset,
                     @Parameter(description = "inbox priority 0..100") @RequestParam(value = "priority", required = false) Integer priority,
                     @Parameter(description = "photo shoot: its photos are colour-matched") @RequestParam(value = "session", required = false) String session,
                     @Parameter(description = "file-name pattern with {sku}, {angle}, {any}; default {sku}_{angle}.{any}, then {sku}.{any}")
                     @RequestParam(value = "pattern", required = false) String pattern,
                     Authentication user) throws IOException {
        if (files == null || files.isEmpty()) {
            throw new ImageRequestException("files is required: send photos or ZIP archives as multipart field 'files'");
        }
        List<BatchIntake.IncomingFile> incoming = new ArrayList<>();
        try {
            for (MultipartFile file : files) {
                incoming.add(new BatchIntake.IncomingFile(file.getOriginalFilename(), keep(file.getInputStream(), Long.MAX_VALUE)));
            }
        } catch (IOException | RuntimeException e) {
            for (BatchIntake.IncomingFile kept : incoming) {
                Files.deleteIfExists(kept.path());
            }
            throw e;
        }
        byte[] csv = manifest == null ? null : manifest.getBytes();
        return submitOrDiscard(incoming, () -> intake.submit(name, "api",
                new BatchDefaults(template, brand, preset, priority, session, pattern), incoming, csv, CurrentUser.actor(user)));
    }

    @PostMapping(consumes = {"application/zip", "application/x-zip-compressed"})
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Send a batch as one ZIP in the request body",
            description = "Streams to disk as it arrives (up to studioflow.ingest.max-batch-bytes, 4 GB by default); "
                    + "a manifest.csv inside the archive maps file names to SKUs.")
    Batch submitArchive(HttpServletRequest request,
                        @RequestParam(value = "name", required = false) String name,
                        @RequestParam(value = "template", required = false) String template,
                        @RequestParam(value = "brand", required = false) String brand,
                        @RequestParam(value = "preset", required = false) String preset,
                        @RequestParam(value = "priority", required = false) Integer priority,
                        @RequestParam(value = "session", required = false) String session,
                        @RequestParam(value = "pattern", required = false) String pattern,
                        @RequestParam(value = "filename", required = false) String fileName,
                        Authentication user) throws IOException {
        Path kept = keep(request.getInputStream(), maxArchiveBytes);
        List<BatchIntake.IncomingFile> incoming = List.of(new BatchIntake.IncomingFile(fileName == null ? "batch.zip" : fileName, kept));
        return submitOrDiscard(incoming, () -> intake.submit(name, "api",
                new BatchDefaults(template, brand, preset, priority, session, pattern), incoming, null, CurrentUser.actor(user)));
    }

    @GetMapping
    @Operation(summary = "The newest batches")
    List<Batch> list(@RequestParam(value = "size", defaultValue = "50") int size) {
        return batches.latest(Math.max(1, Math.min(size, 200)));
    }

    @GetMapping("/{id}")
    @Operation(summary = "A batch and its images per stage, progress, ETA from measured throughput and the slowest images")
    BatchProgress get(@PathVariable String id) {
        return service.progress(id);
    }

    record BatchImage(String id, String sku, String angle, String originalName, AssetStatus status, List<String> reasons,
                      Long processInstanceKey) {
    }

    @GetMapping("/{id}/images")
    @Operation(summary = "The batch's images in SKU order, optionally of one status")
    List<BatchImage> images(@PathVariable String id, @RequestParam(value = "status", required = false) AssetStatus status) {
        batches.get(id);
        List<BatchImage> images = new ArrayList<>();
        service.forEachImage(id, status, a -> images.add(new BatchImage(a.id(), a.sku(), a.angle(), a.originalName(),
                a.status(), a.reasons(), a.processInstanceKey())));
        return images;
    }

    @PostMapping("/{id}/cancel")
    @Operation(summary = "Cancel: no queued image of the batch starts; images already in the flow run to their end")
    Changed cancel(@PathVariable String id, Authentication user) {
        return new Changed(id, service.cancel(id, CurrentUser.actor(user)));
    }

    @PostMapping("/{id}/retry")
    @Operation(summary = "Queue again the batch's cancelled images and those whose flow failed or stalled")
    Changed retry(@PathVariable String id, Authentication user) {
        return new Changed(id, service.retry(id, CurrentUser.actor(user)));
    }

    @GetMapping(value = "/{id}/export.zip", produces = "application/zip")
    @Operation(summary = "The batch's published renditions as a ZIP, one folder per SKU")
    ResponseEntity<StreamingResponseBody> exportZip(@PathVariable String id) {
        batches.get(id); // 404 before the stream starts
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"batch-" + id + ".zip\"")
                .body(out -> export.zip(id, out));
    }

    @GetMapping(value = "/{id}/export.csv", produces = "text/csv")
    @Operation(summary = "One line per published image with its URL, for a shop import")
    ResponseEntity<StreamingResponseBody> exportCsv(@PathVariable String id) {
        batches.get(id);
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"batch-" + id + ".csv\"")
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .body(out -> export.csv(id, new OutputStreamWriter(out, StandardCharsets.UTF_8)));
    }

    /** A refused batch leaves nothing behind: the files kept for it are deleted. */
    private static Batch submitOrDiscard(List<BatchIntake.IncomingFile> files, Supplier<Batch> submit)
            throws IOException {
        try {
            return submit.get();
        } catch (RuntimeException e) {
            for (BatchIntake.IncomingFile file : files) {
                Files.deleteIfExists(file.path());
            }
            throw e;
        }
    }

    /** Copies an upload into the data directory, counting: over {@code max} bytes is a 413 and nothing is kept. */
    private Path keep(InputStream in, long max) throws IOException {
        Files.createDirectories(uploads);
        Path file = Files.createTempFile(uploads, "upload-", ".part");
        try (in; OutputStream out = Files.newOutputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > max) {
                    throw new MaxUploadSizeExceededException(max);
                }
                out.write(buffer, 0, n);
            }
            if (total == 0) {
                throw new ImageRequestException("the upload is empty");
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return file;
    }
}
