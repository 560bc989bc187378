package io.studioflow.flows;

import io.studioflow.audit.Actor;
import io.studioflow.audit.AuditEvent;
import io.studioflow.audit.AuditLog;
import io.studioflow.ingest.IngestService;
import io.studioflow.platform.search.VersionedDocuments;
import io.studioflow.publishing.preset.PresetCatalog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The flow templates a batch or an upload picks. Two are shipped and stored create-only on first use (a manager's edit
 * wins and survives restarts); managers and admins create and change others. Each save is checked against what is
 * really there (a deployed process, a known preset), is a compare-and-set on the version it started from, and is
 * audited under {@code flow-template:<id>}. While Elasticsearch cannot be read, the templates last read stay in use,
 * so uploads naming one go on being accepted.
 */
@Service
public class FlowTemplates {

    private static final Logger log = LoggerFactory.getLogger(FlowTemplates.class);
    public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    static final int MAX_LABEL = 100;
    static final int MAX_DESCRIPTION = 500;
    static final String SEEDED_BY = "studioflow start-up";

    /** Shipped so a studio starts with the two recurring jobs every catalogue has; managers change them freely. */
    static List<FlowTemplate> shipped() {
        return List.of(
                new FlowTemplate("apparel-on-white", "Apparel on white",
                        "Garments on pure white, portrait 1801×2600 as Zalando asks.", ProductImageProcess.PROCESS_ID,
                        null, "zalando", null, 1L, SEEDED_BY, null),
                new FlowTemplate("jewellery-with-shadow", "Jewellery with shadow",
                        "Small products on white with a soft ground shadow, 2048 square.", ProductImageProcess.PROCESS_ID,
                        null, "shopify", null, 1L, SEEDED_BY, null));
    }

    private final VersionedDocuments<FlowTemplate> store;
    private final FlowDeployments deployments;
    private final PresetCatalog presets;
    private final AuditLog audit;
    /** What was read last, for when Elasticsearch cannot be read. */
    private final Map<String, FlowTemplate> lastRead = new ConcurrentHashMap<>();
    private volatile boolean seeded;

    FlowTemplates(FlowTemplateStore store, FlowDeployments deployments, PresetCatalog presets, AuditLog audit) {
        this.store = store;
        this.deployments = deployments;
        this.presets = presets;
        this.audit = audit;
    }

    /** Every template, by id. */
    public List<FlowTemplate> all() {
        try {
            seedOnce();
            List<FlowTemplate> read = new ArrayList<>(store.all());
            read.sort(Comparator.comparing(FlowTemplate::id));
            read.forEach(t -> lastRead.put(t.id(), t));
            lastRead.keySet().retainAll(read.stream().map(FlowTemplate::id).toList());
            return read;
        } catch (RuntimeException e) {
            if (lastRead.isEmpty()) {
                throw e;
            }
            log.warn("Flow templates cannot be read ({}); the ones read last stay in use", e.getMessage());
            return lastRead.values().stream().sorted(Comparator.comparing(FlowTemplate::id)).toList();
        }
    }

    /**
     * The template as stored now (the version an edit must name), or as read last while the store cannot be read.
     *
     * @throws FlowTemplateNotFoundException naming the templates there are
     */
    public FlowTemplate get(String id) {
        if (id != null && ID.matcher(id).matches()) {
            try {
                seedOnce();
                Optional<VersionedDocuments.Stored<FlowTemplate>> stored = store.get(id);
                if (stored.isPresent()) {
                    lastRead.put(id, stored.get().document());
                    return stored.get().document();
                }
                lastRead.remove(id);
            } catch (RuntimeException e) {
                FlowTemplate cached = lastRead.get(id);
                if (cached == null) {
                    throw e;
                }
                return cached;
            }
        }
        throw new FlowTemplateNotFoundException(id, all().stream().map(FlowTemplate::id).toList());
    }

    /**
     * Creates or changes template {@code id}. A change names the version it was made on; a new template names none.
     *
     * @throws InvalidFlowException        with one problem per wrong field (the field's name in place of an element)
     * @throws StaleFlowTemplateException  when someone saved it since (or created it meanwhile)
     */
    public FlowTemplate save(String id, FlowTemplate edit, Actor actor) {
        List<FlowProblem> problems = problems(id, edit);
        if (!problems.isEmpty()) {
            throw new InvalidFlowException(problems);
        }
        seedOnce();
        Optional<VersionedDocuments.Stored<FlowTemplate>> current = store.get(id);
        FlowTemplate before = current.map(VersionedDocuments.Stored::document).orElse(null);
        Instant now = Instant.now();
        FlowTemplate saved;
        if (before == null) {
            if (edit.version() != null && edit.version() > 0) {
                throw new StaleFlowTemplateException("flow template '" + id + "' does not exist; save it without a"
                        + " version to create it");
            }
            saved = edit.saved(id, 1, actor.name(), now);
            if (!store.createIfAbsent(saved)) {
                throw new StaleFlowTemplateException("flow template '" + id + "' was created by someone else a moment"
                        + " ago; reload it and apply your edit again");
            }
        } else {
            if (!Objects.equals(edit.version(), before.version())) {
                throw new StaleFlowTemplateException("flow template '" + id + "' was changed by " + before.updatedBy()
                        + (before.updatedAt() == null ? "" : " at " + before.updatedAt()) + " (now version "
                        + before.version() + ", your edit " + (edit.version() == null ? "names no version"
                        : "started from version " + edit.version()) + "); reload it and apply your edit again");
            }
            saved = edit.saved(id, before.version() + 1, actor.name(), now);
            if (!store.replace(saved, current.get())) {
                throw new StaleFlowTemplateException("flow template '" + id + "' was changed by someone else while you"
                        + " saved; reload it and apply your edit again");
            }
        }
        lastRead.put(id, saved);
        auditSave(before, saved, actor);
        return saved;
    }

    /** Everything wrong with an edit, one problem per field, named as the JSON field and the form field are. */
    List<FlowProblem> problems(String id, FlowTemplate edit) {
        List<FlowProblem> problems = new ArrayList<>();
        if (id == null || !ID.matcher(id).matches()) {
            problems.add(new FlowProblem("id", "An id is 1-64 lower-case letters, digits and '-', starting with a letter or digit"));
        }
        if (edit.id() != null && !edit.id().isBlank() && !edit.id().equals(id)) {
            problems.add(new FlowProblem("id", "'" + edit.id() + "' does not match the template's address '" + id + "'"));
        }
        if (blank(edit.label())) {
            problems.add(new FlowProblem("label", "Give the template a name people recognise"));
        } else if (edit.label().strip().length() > MAX_LABEL) {
            problems.add(new FlowProblem("label", "At most " + MAX_LABEL + " characters"));
        }
        if (edit.description() != null && edit.description().strip().length() > MAX_DESCRIPTION) {
            problems.add(new FlowProblem("description", "At most " + MAX_DESCRIPTION + " characters"));
        }
        if (blank(edit.processId())) {
            problems.add(new FlowProblem("processId", "Choose the flow its images run on"));
        } else if (!isDeployedProcess(edit.processId().strip())) {
            problems.add(new FlowProblem("processId", "No process '" + edit.processId().strip() + "' is deployed; deployed: "
                    + String.join(", ", deployments.all(FlowVersion.BPMN).keySet())));
        }
        if (!blank(edit.brand()) && !IngestService.BRAND.matcher(edit.brand().strip()).matches()) {
            problems.add(new FlowProblem("brand", "A brand is 1-64 letters, digits, spaces, '.', '_' or '-'"));
        }
        if (!blank(edit.preset()) && !presets.contains(edit.preset().strip())) {
            problems.add(new FlowProblem("preset", "No preset '" + edit.preset().strip() + "'; known: "
                    + String.join(", ", presets.names())));
        }
        if (edit.priority() != null && (edit.priority() < 0 || edit.priority() > 100)) {
            problems.add(new FlowProblem("priority", "Priority is 0..100 (higher first), not " + edit.priority()));
        }
        return problems;
    }

    /** The audit chain a template's saves are recorded in. */
    public static String auditSubject(String templateId) {
        return "flow-template:" + templateId;
    }

    private boolean isDeployedProcess(String processId) {
        return deployments.latest(processId).filter(v -> FlowVersion.BPMN.equals(v.kind())).isPresent();
    }

    private void seedOnce() {
        if (seeded) {
            return;
        }
        int created = 0;
        for (FlowTemplate template : shipped()) {
            if (store.createIfAbsent(template.saved(template.id(), 1, SEEDED_BY, Instant.now()))) {
                created++;
            }
        }
        seeded = true;
        if (created > 0) {
            log.info("Stored {} shipped flow template(s)", created);
        }
    }

    private void auditSave(FlowTemplate before, FlowTemplate after, Actor actor) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("version", after.version());
        facts.put("processId", after.processId());
        put(facts, "brand", after.brand());
        put(facts, "preset", after.preset());
        put(facts, "priority", after.priority());
        audit.record(new AuditEvent("flow-template:" + after.id() + ":v" + after.version(), auditSubject(after.id()), null,
                before == null ? "create-flow-template" : "change-flow-template", after.id(), null, actor,
                before == null ? "CREATED" : "CHANGED", null, changes(before, after), facts, List.of(), List.of(), null,
                after.updatedAt()));
    }

    /** "preset zalando → etsy" per changed field, for the audit trail. */
    static List<String> changes(FlowTemplate before, FlowTemplate after) {
        List<String> changes = new ArrayList<>();
        change(changes, "label", before == null ? null : before.label(), after.label(), before == null);
        change(changes, "description", before == null ? null : before.description(), after.description(), before == null);
        change(changes, "processId", before == null ? null : before.processId(), after.processId(), before == null);
        change(changes, "brand", before == null ? null : before.brand(), after.brand(), before == null);
        change(changes, "preset", before == null ? null : before.preset(), after.preset(), before == null);
        change(changes, "priority", before == null ? null : before.priority(), after.priority(), before == null);
        return changes.isEmpty() ? List.of("saved unchanged") : changes;
    }

    private static void change(List<String> changes, String field, Object old, Object now, boolean created) {
        if (!Objects.equals(old, now)) {
            changes.add(created ? field + " " + now : field + " " + old + " → " + now);
        }
    }

    private static void put(Map<String, Object> facts, String key, Object value) {
        if (value != null) {
            facts.put(key, value);
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
