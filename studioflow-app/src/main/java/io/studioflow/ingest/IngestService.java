package io.studioflow.ingest;

import io.studioflow.audit.Actor;
import io.studioflow.audit.AuditEvent;
import io.studioflow.audit.AuditLog;
import io.studioflow.flows.FlowTemplate;
import io.studioflow.flows.FlowTemplateNotFoundException;
import io.studioflow.flows.FlowTemplates;
import io.studioflow.flows.ImageVariables;
import io.studioflow.flows.ProcessStarter;
import io.studioflow.platform.imaging.ImageInfo;
import io.studioflow.platform.storage.BlobStore;
import io.studioflow.platform.storage.FileNames;
import io.studioflow.publishing.preset.PresetCatalog;
import io.studioflow.publishing.preset.UnknownPresetException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Takes a photo in: validate, store the original content-addressed, record the asset, start its flow.
 * The asset is recorded before the flow starts, so a photo accepted while the engine is away is not lost:
 * {@link PendingStarts} starts it when the engine is back.
 */
@Service
public class IngestService {

    private static final Logger log = LoggerFactory.getLogger(IngestService.class);
    private static final Pattern SKU = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** A brand name as uploads, templates and the policy accept it. */
    public static final Pattern BRAND = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}");
    private static final Pattern SESSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    public static final String DEFAULT_BRAND = "default";
    public static final String DEFAULT_PRESET = PresetCatalog.DEFAULT;

    private final PhotoValidator validator;
    private final BlobStore blobs;
    private final AssetRepository assets;
    private final ProcessStarter starter;
    private final AuditLog audit;
    private final PresetCatalog presets;
    private final FlowTemplates templates;

    public IngestService(PhotoValidator validator, BlobStore blobs, AssetRepository assets, ProcessStarter starter, AuditLog audit,
                         PresetCatalog presets, FlowTemplates templates) {
        this.presets = presets;
        this.templates = templates;
        this.validator = validator;
        this.blobs = blobs;
        this.assets = assets;
        this.starter = starter;
        this.audit = audit;
    }

    /**
     * An upload; {@code priority} (0..100, higher first, null for the default) orders the inbox; {@code session} (may
     * be null) names the photo shoot, whose photos come out with one white point and brightness; {@code template}
     * (may be null) names the flow template: its process, and its brand, preset and priority where the upload gives none.
     */
    public record Upload(byte[] bytes, String fileName, String sku, String brand, String preset, Integer priority,
                         String session, String template) {

        public Upload(byte[] bytes, String fileName, String sku, String brand, String preset) {
            this(bytes, fileName, sku, brand, preset, null, null);
        }

        public Upload(byte[] bytes, String fileName, String sku, String brand, String preset, Integer priority,
                      String session) {
            this(bytes, fileName, sku, brand, preset, priority, session, null);
        }
    }

    public Asset ingest(Upload upload, Actor uploader) {
        return startFlow(accept(upload, uploader, AssetStatus.CAPTURE, null, null));
    }

    /**
     * Takes a photo of a batch in, like {@link #ingest}, but leaves it {@link AssetStatus#QUEUED}: the batch feeder
     * starts its flow when there is room, so a batch of thousands never floods the engine.
     */
    public Asset enqueue(Upload upload, Actor uploader, String batchId, String angle) {
        return accept(upload, uploader, AssetStatus.QUEUED, batchId, angle);
    }

    /**
     * Checks what a batch gives all its photos (template, brand, preset, priority, session) before any photo is read,
     * so a mistake there is one 400 instead of a refusal per photo.
     */
    public void checkChoices(String template, String brand, String preset, Integer priority, String session) {
        choices(new Upload(null, null, null, brand, preset, priority, session, template));
    }

    /** What an upload picked, with the template's values where the upload gives none; throws if anything is wrong. */
    private record Choices(FlowTemplate template, String brand, String preset, int priority, String session) {
    }

    private Choices choices(Upload upload) {
        FlowTemplate template = template(upload.template());
        String brand = firstGiven(upload.brand(), template == null ? null : template.brand(), DEFAULT_BRAND);
        if (!BRAND.matcher(brand).matches()) {
            throw new ImageRequestException("brand must be 1-64 letters, digits, spaces, '.', '_' or '-'");
        }
        String preset = firstGiven(upload.preset(), template == null ? null : template.preset(), DEFAULT_PRESET);
        if (!presets.contains(preset)) {
            throw new ImageRequestException(new UnknownPresetException(preset, presets.names()).getMessage());
        }
        int priority = upload.priority() != null ? upload.priority()
                : template != null && template.priority() != null ? template.priority() : ImageVariables.DEFAULT_PRIORITY;
        if (priority < 0 || priority > 100) {
            throw new ImageRequestException("priority must be 0..100 (higher first), was " + priority);
        }
        String session = upload.session() == null || upload.session().isBlank() ? null : upload.session().strip();
        if (session != null && !SESSION.matcher(session).matches()) {
            throw new ImageRequestException("session must be 1-64 letters, digits, '.', '_' or '-' (one name per photo shoot)");
        }
        return new Choices(template, brand, preset, priority, session);
    }

    /** Validates the upload, stores the original and records the asset and its first audit event. */
    private Asset accept(Upload upload, Actor uploader, AssetStatus initial, String batchId, String angle) {
        String sku = requireSku(upload.sku());
        Choices choices = choices(upload);
        FlowTemplate template = choices.template();
        String brand = choices.brand();
        String preset = choices.preset();
        int priority = choices.priority();
        String session = choices.session();
        if (upload.bytes() == null || upload.bytes().length == 0) {
            throw new ImageRequestException("file is empty: upload a JPEG, PNG or WebP photo");
        }
        ImageInfo info = validator.validate(upload.bytes());
        String hash = blobs.put(upload.bytes());

        Instant now = Instant.now();
        Asset asset = new Asset(UUID.randomUUID().toString(), sku, brand, preset, initial, hash,
                FileNames.displayName(upload.fileName()), info.format().mediaType(), info.displayWidth(), info.displayHeight(),
                null, uploader.name(), now, now, List.of(), Map.of(), Map.of("original", hash), List.of(), priority, session,
                template == null ? null : template.id(), template == null ? null : template.processId(), batchId, angle);
        assets.create(asset);
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("width", info.displayWidth());
        facts.put("height", info.displayHeight());
        if (template != null) {
            // the template as it stood when it was picked: an auditor sees which version decided brand, preset, flow
            facts.put("template", template.id());
            facts.put("templateVersion", template.version());
            facts.put("processId", template.processId());
        }
        if (batchId != null) {
            facts.put("batch", batchId);
        }
        if (angle != null) {
            facts.put("angle", angle);
        }
        audit.recordFirst(new AuditEvent(asset.id() + ":ingest", asset.id(), sku, "ingest", "photo-received", null, uploader,
                "ACCEPTED", null, null, facts, null, List.of(hash), null, now).withContext(brand, session, null));
        return asset;
    }

    /** Starts the asset's flow; if the engine cannot be reached, the asset waits for {@link PendingStarts}. */
    public Asset startFlow(Asset asset) {
        try {
            long key = starter.start(ImageVariables.start(asset.id(), asset.sku(), asset.brand(), asset.preset(),
                    asset.originalHash(), asset.priority() == null ? ImageVariables.DEFAULT_PRIORITY : asset.priority(),
                    asset.session()), asset.processId());
            assets.update(asset.id(), Map.of("processInstanceKey", key));
            return assets.get(asset.id());
        } catch (RuntimeException e) {
            log.warn("Engine unavailable, image {} waits to be started: {}", asset.id(), e.getMessage());
            return asset;
        }
    }

    /** The template an upload names, or null; an unknown one is the uploader's mistake, told with the known ones. */
    private FlowTemplate template(String id) {
        if (id == null || id.isBlank()) {
            return null;
        }
        try {
            return templates.get(id.strip());
        } catch (FlowTemplateNotFoundException e) {
            throw new ImageRequestException(e.getMessage());
        }
    }

    private static String firstGiven(String given, String fromTemplate, String otherwise) {
        if (given != null && !given.isBlank()) {
            return given.strip();
        }
        return fromTemplate != null ? fromTemplate : otherwise;
    }

    private static String requireSku(String sku) {
        if (sku == null || sku.isBlank()) {
            throw new ImageRequestException("sku is required");
        }
        String trimmed = sku.strip();
        if (!SKU.matcher(trimmed).matches()) {
            throw new ImageRequestException("sku must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return trimmed;
    }
}
