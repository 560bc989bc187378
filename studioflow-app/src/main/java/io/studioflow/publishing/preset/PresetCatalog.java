package io.studioflow.publishing.preset;

import io.studioflow.processing.compose.BgrColour;
import io.studioflow.processing.compose.ShadowStyle;
import io.studioflow.publishing.preset.PresetProperties.BrandPreset;
import io.studioflow.audit.Actor;
import io.studioflow.audit.AuditEvent;
import io.studioflow.audit.AuditLog;
import io.studioflow.platform.search.VersionedDocuments;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The presets an upload may name: the built-in marketplace presets plus the brand presets from configuration,
 * as stored (and edited by managers) in Elasticsearch.
 *
 * <p>At start every built-in and configured preset is written to the store create-only, so a preset a manager
 * has edited keeps the edit across restarts. Reads go through a short cache ({@link #CACHE_FOR}), emptied by
 * every save in this process, so ComposeWorker, IngestService and the review checklist see an edit within
 * seconds on every replica. While Elasticsearch cannot be read, the last presets read (or, before the first
 * read, the configured ones) stay in use.
 */
@Component
public class PresetCatalog {

    private static final Logger log = LoggerFactory.getLogger(PresetCatalog.class);

    /** Today's default: 2000 px square on pure white, 85% fill, no shadow, JPEG. */
    public static final String DEFAULT = "white-square-2000";

    static final int JPEG_QUALITY = 92;
    /** Lets a retoucher's smaller fill (down to 50%) pass, while a product lost in the frame does not. */
    static final double MIN_PRODUCT_SHARE = 0.45;
    /** Lossy encoders move flat colour by a level or two; a real off-colour edge is further away. */
    static final int BACKGROUND_TOLERANCE = 6;
    /** How long a read of the store serves before the next one: an edit on another replica shows within this. */
    static final Duration CACHE_FOR = Duration.ofSeconds(3);
    /** A name the cache does not know is looked up again at most this often (a preset just created elsewhere). */
    static final Duration MISS_RECHECK = Duration.ofMillis(500);
    static final String SEEDED_BY = "studioflow start-up";

    /** Reviewer lines shipped with the built-in presets (a brand's own checklist comes first). */
    private static final Map<String, List<String>> BUILT_IN_CHECKLISTS = Map.of("amazon-main", List.of(
            "Only the product as sold: no text, logos, watermarks, props or inset pictures (Amazon main image)"));

    /** The presets in force, with their stored form, and when they were read. */
    private record Snapshot(Map<String, Preset> presets, Map<String, PresetDocument> documents, long readAtNanos) {
    }

    private final Map<String, Preset> configuredPresets;
    private final Map<String, PresetDocument> configured;
    private final PresetStore store;
    private final AuditLog audit;
    private final ReentrantLock refreshLock = new ReentrantLock();
    /** Counts invalidations, so a read that began before a save cannot pass for fresh after it. */
    private final AtomicLong generation = new AtomicLong();
    private volatile Snapshot snapshot;
    private volatile boolean seeded;
    private volatile boolean unreachableLogged;

    /** The built-in presets only, without a store (tests, benchmarks). */
    public PresetCatalog() {
        this(new PresetProperties(Map.of()));
    }

    /**
     * The built-in and configured presets, without a store (tests, benchmarks).
     *
     * @throws IllegalArgumentException when a brand preset is malformed or reuses a built-in name; the message
     *                                  names the property
     */
    public PresetCatalog(PresetProperties properties) {
        this(properties, null, null);
    }

    /**
     * @throws IllegalArgumentException when a brand preset is malformed or reuses a built-in name; the message
     *                                  names the property
     */
    @Autowired
    public PresetCatalog(PresetProperties properties, PresetStore store, AuditLog audit) {
        this.store = store;
        this.audit = audit;
        this.configuredPresets = Collections.unmodifiableMap(configuredPresets(properties));
        Instant now = Instant.now();
        Map<String, PresetDocument> documents = new TreeMap<>();
        configuredPresets.forEach((name, preset) -> documents.put(name, PresetDocument.of(preset,
                BUILT_IN_CHECKLISTS.getOrDefault(name, List.of()), 1L, SEEDED_BY, now)));
        this.configured = Collections.unmodifiableMap(documents);
        this.snapshot = new Snapshot(configuredPresets, configured, System.nanoTime());
        if (store != null) {
            refresh();
        }
    }

    private static Map<String, Preset> configuredPresets(PresetProperties properties) {
        Map<String, Preset> all = new TreeMap<>();
        for (Preset preset : builtIn()) {
            all.put(preset.name(), preset);
        }
        Map<String, Preset> builtIn = Map.copyOf(all);
        new TreeMap<>(properties.presets()).forEach((name, brand) -> {
            if (builtIn.containsKey(name)) {
                throw new IllegalArgumentException("studioflow.presets." + name + ": '" + name
                        + "' is a built-in preset; give the brand preset its own name and set based-on: " + name);
            }
            all.put(name, brandPreset(name, brand, builtIn));
        });
        return all;
    }

    /** The built-in marketplace presets. */
    public static List<Preset> builtIn() {
        return List.of(
                new Preset(DEFAULT, "White square 2000", PresetCanvas.exact(2000, 2000), BgrColour.WHITE,
                        BACKGROUND_TOLERANCE, 0.85, MIN_PRODUCT_SHARE, 0, ShadowStyle.NONE, RenditionFormat.JPEG,
                        JPEG_QUALITY, 1000, true),
                // Amazon main image: pure white RGB 255, product >= 85% of the frame, >= 1000 px; composed a
                // little fuller than the minimum so soft edges cannot drop it below 85%
                new Preset("amazon-main", "Amazon main image", PresetCanvas.exact(2000, 2000), BgrColour.WHITE, 0,
                        0.88, 0.85, 0, ShadowStyle.NONE, RenditionFormat.JPEG, JPEG_QUALITY, 1000, true),
                new Preset("zalando", "Zalando", PresetCanvas.exact(1801, 2600), BgrColour.WHITE,
                        BACKGROUND_TOLERANCE, 0.85, MIN_PRODUCT_SHARE, 0, ShadowStyle.NONE, RenditionFormat.JPEG,
                        JPEG_QUALITY, 1801, true),
                new Preset("shopify", "Shopify", PresetCanvas.exact(2048, 2048), BgrColour.WHITE,
                        BACKGROUND_TOLERANCE, 0.85, MIN_PRODUCT_SHARE, 0, ShadowStyle.GROUND, RenditionFormat.JPEG,
                        JPEG_QUALITY, 2048, true),
                new Preset("etsy", "Etsy", PresetCanvas.longestSide(2000), BgrColour.WHITE, BACKGROUND_TOLERANCE,
                        0.85, MIN_PRODUCT_SHARE, 0, ShadowStyle.CONTACT, RenditionFormat.JPEG, JPEG_QUALITY, 2000,
                        true));
    }

    /**
     * @throws UnknownPresetException listing the known presets
     */
    public Preset get(String name) {
        Preset preset = name == null ? null : lookUp(name);
        if (preset == null) {
            throw new UnknownPresetException(name, names());
        }
        return preset;
    }

    public boolean contains(String name) {
        return name != null && lookUp(name) != null;
    }

    /** Every preset name, sorted. */
    public Set<String> names() {
        return current().presets().keySet();
    }

    /** Every preset, sorted by name. */
    public List<Preset> all() {
        return new ArrayList<>(current().presets().values());
    }

    /** Every preset in its stored form (checklist, version, who saved it), sorted by name. */
    public List<PresetDocument> documents() {
        return new ArrayList<>(current().documents().values());
    }

    /**
     * One preset in its stored form, read from the store itself (the version an edit must name), or from the
     * cache while the store cannot be read.
     *
     * @throws PresetNotFoundException when there is no such preset
     */
    public PresetDocument document(String name) {
        if (store != null && name != null && Preset.NAME.matcher(name).matches()) {
            try {
                Optional<VersionedDocuments.Stored<PresetDocument>> stored = store.get(name);
                if (stored.isPresent()) {
                    return stored.get().document();
                }
            } catch (RuntimeException e) {
                storeUnreadable(e);
            }
        }
        PresetDocument cached = name == null ? null : current().documents().get(name);
        if (cached == null) {
            throw new PresetNotFoundException(name);
        }
        return cached;
    }

    /** The lines a reviewer of an image with this preset confirms besides the brand's; empty if none or unknown. */
    public List<String> checklist(String name) {
        PresetDocument document = name == null ? null : current().documents().get(name);
        return document == null ? List.of() : document.checklist();
    }

    /** What a reviewer confirms for an image of this preset: the brand's checklist, then the preset's own lines. */
    public List<String> reviewChecklist(String presetName, List<String> brandChecklist) {
        Set<String> lines = new LinkedHashSet<>(brandChecklist);
        lines.addAll(checklist(presetName));
        return List.copyOf(lines);
    }

    /**
     * Creates or changes the preset {@code id}. A change must name the version it was made on
     * ({@code edit.version()}); a new preset names none.
     *
     * @return the stored document, with its new version
     * @throws InvalidPresetException naming each field that breaks a rule
     * @throws StalePresetException   when the preset was saved by someone else since {@code edit.version()} (or
     *                                created meanwhile)
     */
    public PresetDocument save(String id, PresetDocument edit, Actor actor) {
        if (store == null) {
            throw new IllegalStateException("this catalogue has no store to save presets in");
        }
        if (edit.id() != null && !edit.id().isBlank() && !edit.id().equals(id)) {
            throw new InvalidPresetException(id, List.of(new PresetDocument.FieldError("id",
                    "'" + edit.id() + "' does not match the preset's address '" + id + "'")));
        }
        edit.toPreset(id); // every rule, before anything is read or written
        Optional<VersionedDocuments.Stored<PresetDocument>> current = store.get(id);
        Instant now = Instant.now();
        PresetDocument saved;
        PresetDocument before = current.map(VersionedDocuments.Stored::document).orElse(null);
        if (before == null) {
            if (edit.version() != null && edit.version() > 0) {
                throw new StalePresetException("preset '" + id + "' does not exist; save it without a version to"
                        + " create it");
            }
            saved = edit.saved(id, 1, actor.name(), now);
            if (!store.createIfAbsent(saved)) {
                throw new StalePresetException("preset '" + id + "' was created by someone else a moment ago;"
                        + " reload it and apply your edit again");
            }
        } else {
            if (edit.version() == null || !edit.version().equals(before.version())) {
                throw new StalePresetException("preset '" + id + "' was changed by " + before.updatedBy() + " at "
                        + before.updatedAt() + " (now version " + before.version() + ", your edit "
                        + (edit.version() == null ? "names no version" : "started from version " + edit.version())
                        + "); reload it and apply your edit again");
            }
            saved = edit.saved(id, before.version() + 1, actor.name(), now);
            if (!store.replace(saved, current.get())) {
                throw new StalePresetException("preset '" + id + "' was changed by someone else while you saved;"
                        + " reload it and apply your edit again");
            }
        }
        invalidate();
        refresh(); // this process reads its own write at once
        auditSave(before, saved, actor);
        return saved;
    }

    /** The audit chain a preset's saves are recorded in, as flows and decisions have theirs. */
    public static String auditSubject(String presetId) {
        return "preset:" + presetId;
    }

    /** The next read goes to the store. */
    public void invalidate() {
        generation.incrementAndGet();
        Snapshot stale = snapshot;
        snapshot = new Snapshot(stale.presets(), stale.documents(), System.nanoTime() - CACHE_FOR.toNanos() - 1);
    }

    private void auditSave(PresetDocument before, PresetDocument after, Actor actor) {
        List<String> changes = changes(before, after);
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("version", after.version());
        for (RecordComponent component : PresetDocument.class.getRecordComponents()) {
            Object value = value(component, after);
            if (value != null && !NOT_SETTINGS.contains(component.getName())) {
                facts.put(component.getName(), value instanceof List<?> list ? list.size() : value);
            }
        }
        audit.record(new AuditEvent("preset:" + after.id() + ":v" + after.version(), auditSubject(after.id()), null,
                before == null ? "create-preset" : "change-preset", after.id(), null, actor,
                before == null ? "CREATED" : "CHANGED", null, changes.isEmpty() ? List.of("saved unchanged") : changes,
                facts, List.of(), List.of(), null, after.updatedAt()));
    }

    private static final Set<String> NOT_SETTINGS = Set.of("id", "version", "updatedBy", "updatedAt", "checklist");

    /** "fill 0.85 → 0.6" per changed setting, for the audit trail. */
    static List<String> changes(PresetDocument before, PresetDocument after) {
        List<String> changes = new ArrayList<>();
        for (RecordComponent component : PresetDocument.class.getRecordComponents()) {
            String name = component.getName();
            if (NOT_SETTINGS.contains(name) && !name.equals("checklist")) {
                continue;
            }
            Object old = before == null ? null : value(component, before);
            Object now = value(component, after);
            if (!Objects.equals(old, now)) {
                changes.add(name.equals("checklist") ? "checklist changed (" + after.checklist().size() + " items)"
                        : before == null ? name + " " + now : name + " " + old + " → " + now);
            }
        }
        return changes;
    }

    private static Object value(RecordComponent component, PresetDocument document) {
        try {
            return component.getAccessor().invoke(document);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private Preset lookUp(String name) {
        Preset preset = current().presets().get(name);
        if (preset == null && store != null && System.nanoTime() - snapshot.readAtNanos() > MISS_RECHECK.toNanos()) {
            invalidate(); // perhaps created on another replica a moment ago
            preset = current().presets().get(name);
        }
        return preset;
    }

    private Snapshot current() {
        Snapshot now = snapshot;
        if (store == null || System.nanoTime() - now.readAtNanos() < CACHE_FOR.toNanos()) {
            return now;
        }
        // one thread reads the store; the others go on with the presets they have meanwhile
        if (refreshLock.tryLock()) {
            try {
                refresh();
            } finally {
                refreshLock.unlock();
            }
        }
        return snapshot;
    }

    private void refresh() {
        refreshLock.lock();
        try {
            if (System.nanoTime() - snapshot.readAtNanos() < CACHE_FOR.toNanos() && seeded) {
                return; // another thread read it while this one waited
            }
            long readingGeneration = generation.get();
            try {
                if (!seeded) {
                    seed();
                }
                Snapshot read = snapshotOf(store.all(), System.nanoTime());
                // a save in this process while reading: what was read may predate it, so read again next time
                snapshot = generation.get() == readingGeneration ? read
                        : new Snapshot(read.presets(), read.documents(), System.nanoTime() - CACHE_FOR.toNanos() - 1);
                if (unreachableLogged) {
                    log.info("Presets are read from Elasticsearch again");
                    unreachableLogged = false;
                }
            } catch (RuntimeException e) {
                storeUnreadable(e);
                Snapshot last = snapshot;
                snapshot = new Snapshot(last.presets(), last.documents(), System.nanoTime());
            }
        } finally {
            refreshLock.unlock();
        }
    }

    private void seed() {
        int created = 0;
        for (PresetDocument document : configured.values()) {
            if (store.createIfAbsent(document)) {
                created++;
            }
        }
        seeded = true;
        if (created > 0) {
            log.info("Stored {} built-in or configured preset(s); {} were stored already", created,
                    configured.size() - created);
        }
    }

    private void storeUnreadable(RuntimeException e) {
        if (!unreachableLogged) {
            unreachableLogged = true;
            log.warn("Presets cannot be read from Elasticsearch ({}); the last presets read stay in use until it"
                    + " answers again", e.getMessage());
        }
    }

    /**
     * The configured presets overlaid with the stored ones. A stored preset the {@link Preset} itself refuses
     * (written around the API) is left out with a warning, and its configured namesake stays in force.
     */
    private Snapshot snapshotOf(Collection<PresetDocument> stored, long readAtNanos) {
        Map<String, Preset> presets = new TreeMap<>(configuredPresets);
        Map<String, PresetDocument> byName = new TreeMap<>(configured);
        for (PresetDocument document : stored) {
            try {
                presets.put(document.id(), document.toStoredPreset());
                byName.put(document.id(), document);
            } catch (RuntimeException e) {
                log.warn("Stored preset {} is ignored: {}", document.id(), e.getMessage());
            }
        }
        return new Snapshot(Collections.unmodifiableMap(presets), Collections.unmodifiableMap(byName), readAtNanos);
    }

    private static Preset brandPreset(String name, BrandPreset brand, Map<String, Preset> builtIn) {
        String property = "studioflow.presets." + name;
        String baseName = brand.basedOn() == null || brand.basedOn().isBlank() ? DEFAULT : brand.basedOn().strip();
        Preset base = builtIn.get(baseName);
        if (base == null) {
            throw new IllegalArgumentException(property + ".based-on: unknown preset '" + baseName
                    + "'; built-in presets: " + String.join(", ", new TreeMap<>(builtIn).keySet()));
        }
        try {
            PresetCanvas canvas = base.canvas();
            if (brand.longestSide() != null) {
                if (brand.width() != null || brand.height() != null) {
                    throw new IllegalArgumentException("set either longest-side or width and height, not both");
                }
                canvas = PresetCanvas.longestSide(brand.longestSide());
            } else if (brand.width() != null || brand.height() != null) {
                int width = Objects.requireNonNullElse(brand.width(), canvas.width());
                int height = Objects.requireNonNullElse(brand.height(), canvas.height());
                canvas = PresetCanvas.exact(width, height);
            }
            BgrColour background = brand.background() == null ? base.background()
                    : BgrColour.fromHex(brand.background());
            return new Preset(name, brand.label() == null ? name : brand.label(), canvas, background,
                    Objects.requireNonNullElse(brand.backgroundTolerance(), base.backgroundTolerance()),
                    Objects.requireNonNullElse(brand.fill(), base.fillRatio()),
                    Objects.requireNonNullElse(brand.minProductShare(), base.minProductShare()),
                    Objects.requireNonNullElse(brand.margin(), base.margin()),
                    Objects.requireNonNullElse(brand.shadow(), base.shadow()),
                    Objects.requireNonNullElse(brand.format(), base.format()),
                    Objects.requireNonNullElse(brand.quality(), base.quality()),
                    Objects.requireNonNullElse(brand.minLongestSide(), Math.min(base.minLongestSide(),
                            Math.max(canvas.width(), canvas.height()))),
                    base.srgb());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(property + ": " + e.getMessage(), e);
        }
    }
}
