package io.studioflow.ingest.batch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.studioflow.audit.Actor;
import io.studioflow.ingest.Asset;
import io.studioflow.ingest.AssetStatus;
import io.studioflow.ingest.ImageRequestException;
import io.studioflow.ingest.IngestService;
import io.studioflow.ingest.PhotoArchive;
import io.studioflow.platform.StudioflowProperties;
import io.studioflow.platform.imaging.InvalidImageException;
import io.studioflow.platform.search.SearchErrors;
import io.studioflow.platform.search.SearchIndex;
import io.studioflow.platform.search.SearchIndices;
import io.studioflow.platform.storage.FileNames;
import io.studioflow.platform.storage.Hashes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * Takes a batch in: its files are first kept in the data directory ({@code <data>/batches/<id>/incoming}), so the
 * sender gets its answer at once and nothing is lost if the application stops; then one reader thread takes them one
 * photo at a time (archives are streamed, never extracted), finds each photo's SKU and angle (manifest, else file
 * name), recognises photos whose content is already an image, and queues the rest for the {@link BatchFeeder}. A file
 * is deleted only once it was read to its end, so after a restart the reader goes on where it stopped: a photo it
 * had already queued is recognised by its hash as this batch's own and not taken twice.
 */
@Service
public class BatchIntake {

    public static final String MANIFEST_NAME = "manifest.csv";

    private static final Logger log = LoggerFactory.getLogger(BatchIntake.class);
    private static final int FLUSH_EVERY_FILES = 25;
    private static final long FLUSH_EVERY_MS = 1_000;
    /** Images this reader took in lately, by content hash: Elasticsearch finds them by search only after a refresh. */
    private static final long RECENT_MS = 120_000;
    /** How often, in photos, the reader looks whether its batch was cancelled meanwhile. */
    private static final int LOOK_EVERY_PHOTOS = 20;
    private static final Actor CANCELLED_WHILE_READING = Actor.system("batch-intake");

    /** Thrown from inside an archive's entries to stop reading it: its batch was cancelled. */
    private static final class StopReading extends RuntimeException {
        StopReading() {
            super(null, null, false, false);
        }
    }

    /** A file handed over for a batch: its name as the sender gave it, and where it waits meanwhile. */
    public record IncomingFile(String name, Path path) {
    }

    private final IngestService ingest;
    private final BatchRepository batches;
    private final BatchService service;
    private final ElasticsearchClient client;
    private final String assetIndex;
    private final Path root;
    private final ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "batch-intake");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Recent> recent = new ConcurrentHashMap<>();

    private record Recent(String imageId, String batchId, long at) {
    }

    public BatchIntake(IngestService ingest, BatchRepository batches, BatchService service, ElasticsearchClient client,
                       SearchIndices indices, StudioflowProperties properties) {
        this.ingest = ingest;
        this.batches = batches;
        this.service = service;
        this.client = client;
        this.assetIndex = indices.name(SearchIndex.ASSETS);
        this.root = properties.dataDir().resolve("batches").toAbsolutePath().normalize();
    }

    /**
     * Records a batch and hands its files over (they are moved into the batch's folder); returns at once, the photos
     * are read in the background. The defaults, pattern and manifest are checked first: a mistake there is a
     * {@link ImageRequestException} and nothing is kept.
     */
    public Batch submit(String name, String source, BatchDefaults defaults, List<IncomingFile> files, byte[] manifest,
                        Actor uploader) {
        BatchDefaults given = defaults == null ? BatchDefaults.none() : defaults;
        ingest.checkChoices(given.template(), given.brand(), given.preset(), given.priority(), given.session());
        FileNamePattern.orDefaults(given.pattern());
        if (manifest != null) {
            BatchManifest.parse(manifest);
        }
        if (files.isEmpty()) {
            throw new ImageRequestException("a batch needs at least one photo or ZIP archive");
        }
        String id = UUID.randomUUID().toString();
        Path incoming = root.resolve(id).resolve("incoming");
        try {
            Files.createDirectories(incoming);
            if (manifest != null) {
                Files.write(root.resolve(id).resolve(MANIFEST_NAME), manifest);
            }
            int n = 0;
            for (IncomingFile file : files) {
                String seq = String.format("%06d", n++);
                Files.writeString(incoming.resolve(seq + ".name"), FileNames.displayName(file.name()), StandardCharsets.UTF_8);
                move(file.path(), incoming.resolve(seq));
            }
        } catch (IOException e) {
            deleteQuietly(root.resolve(id));
            throw new UncheckedIOException("could not keep the batch's files", e);
        }
        Instant now = Instant.now();
        String batchName = name == null || name.isBlank() ? defaultName(files, now) : FileNames.displayName(name.strip());
        Batch batch = new Batch(id, batchName, BatchStatus.RECEIVING, source, uploader.name(), uploader, now, now, given,
                0, 0, 0, 0, List.of(), null, null, null, null);
        try {
            batches.create(batch);
        } catch (RuntimeException e) {
            deleteQuietly(root.resolve(id));
            throw e;
        }
        reader.submit(() -> read(id, false));
        return batch;
    }

    /** Goes on reading the batches a stop interrupted. */
    @EventListener(ApplicationReadyEvent.class)
    public void resumeReceiving() {
        try {
            for (Batch batch : batches.inStatus(BatchStatus.RECEIVING)) {
                if (Files.isDirectory(root.resolve(batch.id()))) {
                    log.info("going on reading batch {} ({} files read before the stop)", batch.id(), batch.files());
                    reader.submit(() -> read(batch.id(), true));
                }
            }
        } catch (RuntimeException e) {
            log.warn("batches being received could not be resumed now: {}", e.toString());
        }
    }

    private void read(String id, boolean resumed) {
        try {
            new Reading(batches.get(id), resumed).run();
        } catch (RuntimeException e) {
            log.error("batch {} could not be read to its end: {}", id, e.toString(), e);
            try {
                batches.update(id, Map.of("stoppedBecause", "reading stopped: " + e.getMessage()));
            } catch (RuntimeException ignored) {
                // the batch stays RECEIVING and is read again at the next start
            }
        }
    }

    /** One batch being read; its counters are written every few files, not after each. */
    private final class Reading {
        private final Batch batch;
        private final boolean resumed;
        private final Path dir;
        private final List<FileNamePattern> patterns;
        private BatchManifest manifest;
        private int files;
        private int accepted;
        private int duplicates;
        private int refused;
        private final List<Batch.FileProblem> problems;
        private int unflushed;
        private int sinceLook;
        private long flushedAt = System.currentTimeMillis();

        Reading(Batch batch, boolean resumed) {
            this.batch = batch;
            this.resumed = resumed;
            this.dir = root.resolve(batch.id());
            this.patterns = FileNamePattern.orDefaults(batch.defaults().pattern());
            // a file read only in part before a stop is read again from its start: count from the last whole file
            Batch.Counts from = batch.committed() == null ? new Batch.Counts(0, 0, 0, 0, 0) : batch.committed();
            this.files = from.files();
            this.accepted = from.accepted();
            this.duplicates = from.duplicates();
            this.refused = from.refused();
            List<Batch.FileProblem> before = batch.problems() == null ? List.of() : batch.problems();
            this.problems = new ArrayList<>(before.subList(0, Math.min(before.size(), from.problems())));
        }

        void run() {
            manifest = readManifest(dir.resolve(MANIFEST_NAME));
            Path incoming = dir.resolve("incoming");
            List<Path> waiting;
            try (Stream<Path> list = Files.list(incoming)) {
                waiting = list.filter(p -> !p.getFileName().toString().endsWith(".name")).sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException("could not list the batch's files", e);
            }
            int unread = 0;
            for (Path file : waiting) {
                if (unread > 0 || cancelled()) {
                    // cancelled: what was not read is dropped, as the person who cancelled asked
                    unread++;
                } else {
                    String name = readName(file);
                    try {
                        if (isZip(file)) {
                            readArchive(file, name);
                        } else if (name.toLowerCase(Locale.ROOT).endsWith(".csv")) {
                            files++; // a manifest sent beside the photos was read above
                        } else {
                            photo(name, bytes(file));
                        }
                    } catch (StopReading stop) {
                        unread++;
                    }
                    flush(true);
                }
                deleteQuietly(file);
                deleteQuietly(file.resolveSibling(file.getFileName() + ".name"));
            }
            flush(true);
            Map<String, Object> done = new LinkedHashMap<>();
            if (cancelled()) {
                // photos queued between the cancel and the reader's next look at the batch
                service.cancelQueued(batches.get(batch.id()), CANCELLED_WHILE_READING);
                if (unread > 0) {
                    done.put("stoppedBecause", "cancelled while reading: the rest of " + unread + " file(s) was not read");
                }
            } else {
                done.put("status", BatchStatus.OPEN);
            }
            batches.update(batch.id(), done);
            deleteQuietly(incoming);
            deleteQuietly(dir.resolve(MANIFEST_NAME));
            deleteQuietly(dir);
            log.info("batch {} read: {} files, {} new images, {} duplicates, {} refused", batch.id(), files, accepted,
                    duplicates, refused);
        }

        private void readArchive(Path zip, String name) {
            if (manifest.size() == 0) {
                manifest = manifestInside(zip).orElse(manifest);
            }
            try (InputStream in = Files.newInputStream(zip)) {
                PhotoArchive.Summary summary = new PhotoArchive().read(in, entry -> {
                    switch (entry) {
                        case PhotoArchive.Photo p -> photo(p.fileName(), p.bytes());
                        case PhotoArchive.Refused r -> {
                            if (!MANIFEST_NAME.equalsIgnoreCase(BatchManifest.lastSegment(r.entryName()))) {
                                refuse(r.fileName(), r.reason());
                            }
                        }
                        case PhotoArchive.Skipped s -> {
                            // folders and archiver litter are no files of the batch
                        }
                    }
                });
                if (!summary.complete()) {
                    refuse(name, "the archive was read only in part: " + summary.stoppedBecause());
                }
            } catch (IOException e) {
                refuse(name, "the archive could not be read: " + e.getMessage());
            }
        }

        private void photo(String fileName, byte[] bytes) {
            if (++sinceLook >= LOOK_EVERY_PHOTOS) {
                sinceLook = 0;
                if (cancelled()) {
                    throw new StopReading();
                }
            }
            files++;
            Optional<BatchManifest.Row> row = manifest.find(fileName);
            String sku = row.map(BatchManifest.Row::sku).orElse(null);
            String angle = row.map(BatchManifest.Row::angle).orElse(null);
            if (sku == null) {
                Optional<FileNamePattern.Match> match = patterns.stream().map(p -> p.match(fileName))
                        .flatMap(Optional::stream).findFirst();
                if (match.isEmpty()) {
                    refuse(fileName, row.isPresent() ? "its manifest line gives no SKU"
                            : "no SKU: the manifest does not name it and its name does not match " + patterns);
                    return;
                }
                sku = match.get().sku();
                angle = angle != null ? angle : match.get().angle();
            }
            String hash = Hashes.sha256(bytes);
            Optional<Recent> known = imageWithContent(hash);
            if (known.isPresent()) {
                if (resumed && known.get().at() < 0 && batch.id().equals(known.get().batchId())) {
                    accepted++; // this batch's own photo, taken in before the stop
                    // from now on the same content again in this batch is a duplicate of it
                    recent.put(hash, new Recent(known.get().imageId(), batch.id(), System.currentTimeMillis()));
                    flush(false);
                    return;
                }
                duplicates++;
                problem(new Batch.FileProblem(fileName, Batch.FileProblem.Kind.DUPLICATE,
                        "the same photo (same content) is already image " + known.get().imageId(), known.get().imageId()));
                return;
            }
            BatchDefaults d = batch.defaults();
            try {
                Asset asset = ingest.enqueue(new IngestService.Upload(bytes, fileName, sku,
                        row.map(BatchManifest.Row::brand).orElse(d.brand()), row.map(BatchManifest.Row::preset).orElse(d.preset()),
                        d.priority(), d.session(), d.template()), batch.uploader(), batch.id(), angle);
                recent.put(hash, new Recent(asset.id(), batch.id(), System.currentTimeMillis()));
                accepted++;
                flush(false);
            } catch (ImageRequestException | InvalidImageException e) {
                refuse(fileName, e.getMessage());
            }
        }

        private void refuse(String fileName, String reason) {
            files++;
            refused++;
            problem(new Batch.FileProblem(fileName, Batch.FileProblem.Kind.REFUSED, reason, null));
        }

        private void problem(Batch.FileProblem problem) {
            if (problems.size() < Batch.MAX_PROBLEMS) {
                problems.add(problem);
            }
            flush(false);
        }

        /** Writes the counts; {@code fileDone}: a whole file was read, so they are also the point to resume from. */
        private void flush(boolean fileDone) {
            unflushed++;
            if (!fileDone && unflushed < FLUSH_EVERY_FILES && System.currentTimeMillis() - flushedAt < FLUSH_EVERY_MS) {
                return;
            }
            Map<String, Object> counts = new LinkedHashMap<>();
            if (fileDone) {
                counts.put("committed", new Batch.Counts(files, accepted, duplicates, refused, problems.size()));
            }
            counts.put("files", files);
            counts.put("accepted", accepted);
            counts.put("duplicates", duplicates);
            counts.put("refused", refused);
            counts.put("problems", problems);
            batches.update(batch.id(), counts);
            unflushed = 0;
            flushedAt = System.currentTimeMillis();
        }

        private boolean cancelled() {
            return batches.find(batch.id()).map(b -> b.status() == BatchStatus.CANCELLED).orElse(true);
        }
    }

    /**
     * The image that already has this content, if any (a cancelled one does not count: it was never worked on).
     * {@link Recent#at()} is negative for one found in Elasticsearch, i.e. taken in before this reader's memory.
     */
    private Optional<Recent> imageWithContent(String hash) {
        long now = System.currentTimeMillis();
        recent.values().removeIf(r -> now - r.at() > RECENT_MS);
        Recent mine = recent.get(hash);
        if (mine != null) {
            return Optional.of(mine);
        }
        try {
            List<Hit<Asset>> hits = client.search(s -> s.index(assetIndex).size(1)
                    .query(q -> q.bool(b -> b
                            .filter(f -> f.term(t -> t.field("originalHash").value(hash)))
                            .mustNot(m -> m.term(t -> t.field("status").value(FieldValue.of(AssetStatus.CANCELLED.name()))))))
                    .source(src -> src.filter(f -> f.includes("id", "batchId"))), Asset.class).hits().hits();
            return hits.stream().findFirst().map(h -> new Recent(h.id(), h.source() == null ? null : h.source().batchId(), -1));
        } catch (IOException | RuntimeException e) {
            throw SearchErrors.unchecked("could not look for an image with the same content", e);
        }
    }

    private static BatchManifest readManifest(Path file) {
        if (!Files.isRegularFile(file)) {
            return BatchManifest.empty();
        }
        return BatchManifest.parse(bytes(file));
    }

    /** A manifest.csv inside the archive (any folder), read by itself before the photos stream past. */
    private static Optional<BatchManifest> manifestInside(Path zip) {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (!entry.isDirectory() && MANIFEST_NAME.equalsIgnoreCase(BatchManifest.lastSegment(entry.getName()))) {
                    try (InputStream in = file.getInputStream(entry)) {
                        byte[] csv = in.readNBytes(BatchManifest.MAX_BYTES + 1);
                        return Optional.of(BatchManifest.parse(csv));
                    }
                }
            }
        } catch (IOException | ImageRequestException e) {
            log.info("no usable manifest inside {}: {}", zip.getFileName(), e.getMessage());
        }
        return Optional.empty();
    }

    private static boolean isZip(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
        } catch (IOException e) {
            return false;
        }
    }

    private static String readName(Path file) {
        try {
            return Files.readString(file.resolveSibling(file.getFileName() + ".name"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return file.getFileName().toString();
        }
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file.getFileName(), e);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(from);
        }
    }

    private static String defaultName(List<IncomingFile> files, Instant at) {
        String first = FileNames.displayName(files.getFirst().name());
        return files.size() == 1 ? first : first + " and " + (files.size() - 1) + " more";
    }

    static void deleteQuietly(Path path) {
        try {
            if (Files.isDirectory(path)) {
                try (Stream<Path> list = Files.list(path)) {
                    if (list.findAny().isPresent()) {
                        return; // only empty folders: a file still there is unread
                    }
                }
            }
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.debug("could not delete {}: {}", path, e.toString());
        }
    }
}
