package io.studioflow.ingest.batch;

import io.studioflow.audit.Actor;
import io.studioflow.ingest.ImageRequestException;
import io.studioflow.platform.roles.InstanceRoles;
import io.studioflow.platform.storage.FileNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * A folder the studio's capture station (or a sync client) drops photos and ZIPs into
 * ({@code studioflow.ingest.hot-folder}); off when empty. Every few seconds the files that have stopped growing become
 * one batch, with a {@code manifest.csv} lying beside them if there is one, and leave the folder (they are kept with
 * the batch until read). Files still being written, hidden files and folders are left alone.
 */
@Component
public class HotFolder {

    static final Actor ACTOR = Actor.system("hot-folder");
    private static final Logger log = LoggerFactory.getLogger(HotFolder.class);
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private final BatchIntake intake;
    private final Path folder;
    private final String template;
    private final long settleMillis;
    /** Size and modification time seen at the last scan: a file is taken once both stood still for a scan. */
    private final Map<Path, String> lastSeen = new HashMap<>();

    public HotFolder(BatchIntake intake, InstanceRoles roles, @Value("${studioflow.ingest.hot-folder:}") String folder,
                     @Value("${studioflow.ingest.hot-folder-template:}") String template,
                     @Value("${studioflow.ingest.hot-folder-settle:PT2S}") Duration settle) {
        this.intake = intake;
        boolean configured = folder != null && !folder.isBlank();
        if (configured && !roles.ui()) {
            log.warn("studioflow.ingest.hot-folder is set but this instance has no ui role ({}): the folder is not watched here", roles);
        }
        this.folder = configured && roles.ui() ? Path.of(folder).toAbsolutePath().normalize() : null;
        this.template = template == null || template.isBlank() ? null : template.strip();
        this.settleMillis = settle.toMillis();
    }

    public boolean enabled() {
        return folder != null;
    }

    @Scheduled(initialDelayString = "PT5S", fixedDelayString = "${studioflow.ingest.hot-folder-interval:PT3S}")
    void scan() {
        if (folder == null) {
            return;
        }
        try {
            Files.createDirectories(folder);
            List<Path> ready = new ArrayList<>();
            Path manifest = null;
            Map<Path, String> seen = new HashMap<>();
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.sorted().toList()) {
                    String name = file.getFileName().toString();
                    if (name.startsWith(".") || !Files.isRegularFile(file)) {
                        continue;
                    }
                    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                    String state = attributes.size() + "@" + attributes.lastModifiedTime().toMillis();
                    seen.put(file, state);
                    boolean settled = state.equals(lastSeen.get(file))
                            && System.currentTimeMillis() - attributes.lastModifiedTime().toMillis() >= settleMillis;
                    if (!settled) {
                        continue;
                    }
                    if (BatchIntake.MANIFEST_NAME.equalsIgnoreCase(name)) {
                        manifest = file;
                    } else {
                        ready.add(file);
                    }
                }
            }
            lastSeen.clear();
            lastSeen.putAll(seen);
            if (ready.isEmpty()) {
                return;
            }
            byte[] csv = manifest == null ? null : Files.readAllBytes(manifest);
            List<BatchIntake.IncomingFile> incoming = ready.stream()
                    .map(f -> new BatchIntake.IncomingFile(FileNames.displayName(f.getFileName().toString()), f)).toList();
            Batch batch;
            try {
                batch = intake.submit("hot folder " + NAME.format(Instant.now()), "hot-folder",
                        new BatchDefaults(template, null, null, null, null, null), incoming, csv, ACTOR);
            } catch (ImageRequestException e) {
                if (manifest == null) {
                    throw e; // the folder's settings are wrong (template): logged below, every scan
                }
                // a wrong manifest: set it aside with the reason, the photos wait for a corrected one
                Path refused = folder.resolve(".refused");
                Files.createDirectories(refused);
                Files.move(manifest, refused.resolve(BatchIntake.MANIFEST_NAME + "." + System.currentTimeMillis()));
                Files.writeString(refused.resolve("why-" + System.currentTimeMillis() + ".txt"), e.getMessage());
                log.warn("hot folder: manifest set aside: {}", e.getMessage());
                return;
            }
            if (manifest != null) {
                Files.deleteIfExists(manifest);
            }
            ready.forEach(lastSeen::remove);
            log.info("hot folder: {} files became batch {}", ready.size(), batch.id());
        } catch (IOException | RuntimeException e) {
            log.warn("hot folder {} not scanned this time: {}", folder, e.toString());
        }
    }
}
