package io.studioflow.flows;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.client.api.response.DeploymentEvent;
import io.camunda.client.api.response.Process;
import io.camunda.client.api.response.Decision;
import io.studioflow.audit.Actor;
import io.studioflow.audit.AuditEvent;
import io.studioflow.audit.AuditLog;
import io.studioflow.platform.roles.InstanceRoles;
import io.studioflow.platform.storage.Hashes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Service;

/**
 * Deploys flows and decisions as new engine versions and keeps a record of each (XML, who, when) so they
 * can be listed, compared and rolled back. Instances already running stay on the version they started
 * on; the engine does that. Every deploy by a person is an audit event.
 */
@Service
public class FlowDeployments {

    private static final Logger log = LoggerFactory.getLogger(FlowDeployments.class);
    private static final Actor STARTUP = Actor.system("studioflow start-up");

    private final CamundaClient camunda;
    private final FlowValidator validator;
    private final FlowVersionRepository versions;
    private final AuditLog audit;
    private final InstanceRoles roles;

    public FlowDeployments(CamundaClient camunda, FlowValidator validator, FlowVersionRepository versions, AuditLog audit,
                           InstanceRoles roles) {
        this.roles = roles;
        this.camunda = camunda;
        this.validator = validator;
        this.versions = versions;
        this.audit = audit;
    }

    /** What a deploy produced: the id, the engine's version and key; {@code created} is false for a no-op. */
    public record Deployed(String resourceId, int version, long key, String sha256, boolean created) {
    }

    /** Validates and deploys a BPMN file; one result per process in it. Throws {@link InvalidFlowException}. */
    public List<Deployed> deployBpmn(byte[] xml, Actor actor, String note) {
        validator.requireValid(xml);
        String processId = FlowFiles.firstProcessId(xml);
        return record(send(xml, processId + ".bpmn"), xml, actor, note);
    }

    /** Deploys a DMN file that the caller has already checked (the policy service writes it). */
    public List<Deployed> deployDmn(byte[] xml, String resourceName, Actor actor, String note) {
        return record(send(xml, resourceName), xml, actor, note);
    }

    /** Deploys version {@code version} of a process again, as its newest version. */
    public Deployed rollback(String processId, int version, Actor actor) {
        FlowVersion old = versions.version(processId, version)
                .orElseThrow(() -> new FlowNotFoundException("process " + processId + " has no version " + version));
        byte[] xml = old.xml().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        List<Deployed> deployed = FlowVersion.DMN.equals(old.kind())
                ? deployDmn(xml, processId + ".dmn", actor, "rollback to v" + version)
                : deployBpmn(xml, actor, "rollback to v" + version);
        return deployed.stream().filter(d -> d.resourceId().equals(processId)).findFirst().orElseThrow();
    }

    public List<FlowVersion> versions(String resourceId) {
        List<FlowVersion> all = versions.versions(resourceId);
        if (all.isEmpty()) {
            throw new FlowNotFoundException("nothing named " + resourceId + " was deployed");
        }
        return all;
    }

    public FlowVersion version(String resourceId, int version) {
        return versions.version(resourceId, version)
                .orElseThrow(() -> new FlowNotFoundException(resourceId + " has no version " + version));
    }

    public java.util.Optional<FlowVersion> latest(String resourceId) {
        return versions.latest(resourceId);
    }

    /** Every deployed process or decision of a kind ({@code null} for all) with its versions, oldest first. */
    public Map<String, List<FlowVersion>> all(String kind) {
        return versions.all(kind);
    }

    /**
     * Puts the right version of each file in {@code processes/} in force at start: the shipped file when this release
     * brings content never deployed before, else the version deployed last (so a manager's edit survives a restart
     * and, on the embedded engine, which forgets everything, comes back). Deploying the bytes that are already the
     * newest is a no-op for the engine. When the records cannot be read, the shipped file is deployed: the app must
     * have its flows. Only instances with the ui role do this.
     */
    @EventListener(ApplicationReadyEvent.class)
    public void deployAtStartup() {
        if (!roles.ui()) {
            return; // the flows are the ui instances' to deploy; a pure worker only takes their jobs
        }
        Resource[] resources;
        try {
            resources = new PathMatchingResourcePatternResolver().getResources("classpath*:/processes/*.*");
        } catch (IOException e) {
            throw new UncheckedIOException("could not list the shipped flows", e);
        }
        Set<String> shippedIds = new HashSet<>();
        for (Resource resource : resources) {
            String name = resource.getFilename();
            if (name == null || !(name.endsWith(".bpmn") || name.endsWith(".dmn"))) {
                continue;
            }
            byte[] shipped;
            try (InputStream in = resource.getInputStream()) {
                shipped = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException("could not read the shipped flow " + name, e);
            }
            FlowVersion inForce = null;
            try {
                String id = name.endsWith(".dmn") ? FlowFiles.firstDecisionId(shipped) : FlowFiles.firstProcessId(shipped);
                shippedIds.add(id);
                inForce = versions.inForce(id, Hashes.sha256(shipped)).orElse(null);
            } catch (RuntimeException e) {
                log.warn("could not read the deployed versions of {}, deploying the shipped file: {}", name, e.toString());
            }
            if (inForce == null) {
                record(send(shipped, name), shipped, STARTUP, "start-up");
            } else {
                byte[] xml = inForce.xml().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                record(send(xml, name), xml, STARTUP, "start-up: kept v" + inForce.version() + " by " + inForce.deployedBy());
                log.info("{}: kept the version deployed by {} at {} (v{}) instead of the shipped file", name,
                        inForce.deployedBy(), inForce.deployedAt(), inForce.version());
            }
        }
        redeployProcessesNotShipped(shippedIds);
    }

    /**
     * Processes that managers deployed beside the shipped ones (a flow template's own process) come back too: the
     * embedded engine forgot them, and an image of their template must still start and resume.
     */
    private void redeployProcessesNotShipped(Set<String> shippedIds) {
        Map<String, List<FlowVersion>> deployed;
        try {
            deployed = versions.all(FlowVersion.BPMN);
        } catch (RuntimeException e) {
            log.warn("could not read the deployed versions; processes deployed beside the shipped ones wait for the next"
                    + " start: {}", e.toString());
            return;
        }
        for (String processId : deployed.keySet()) {
            if (shippedIds.contains(processId)) {
                continue;
            }
            versions.lastDeployed(processId).ifPresent(last -> {
                byte[] xml = last.xml().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                try {
                    record(send(xml, processId + ".bpmn"), xml, STARTUP, "start-up: kept v" + last.version() + " by "
                            + last.deployedBy());
                } catch (RuntimeException e) {
                    log.warn("could not deploy {} again at start; its images cannot start until it is: {}", processId,
                            e.toString());
                }
            });
        }
    }

    private DeploymentEvent send(byte[] xml, String resourceName) {
        try {
            return camunda.newDeployResourceCommand()
                    .addResourceBytes(xml, resourceName)
                    .requestTimeout(Duration.ofSeconds(30))
                    .send()
                    .join();
        } catch (ClientStatusException e) {
            // the engine's own checks (e.g. a FEEL expression it cannot parse): its message names the element
            throw new InvalidFlowException(List.of(FlowProblem.ofFile("The engine refused the file: " + e.getMessage())));
        }
    }

    private List<Deployed> record(DeploymentEvent event, byte[] xml, Actor actor, String note) {
        String sha256 = Hashes.sha256(xml);
        String text = new String(xml, java.nio.charset.StandardCharsets.UTF_8);
        Map<String, Object[]> definitions = new LinkedHashMap<>();
        for (Process process : event.getProcesses()) {
            definitions.put(process.getBpmnProcessId(), new Object[] {FlowVersion.BPMN, process.getVersion(),
                    process.getProcessDefinitionKey()});
        }
        for (Decision decision : event.getDecisions()) {
            definitions.put(decision.getDmnDecisionId(), new Object[] {FlowVersion.DMN, decision.getVersion(),
                    decision.getDecisionKey()});
        }
        List<Deployed> deployed = new ArrayList<>();
        Instant now = Instant.now();
        definitions.forEach((id, definition) -> {
            String kind = (String) definition[0];
            int version = (Integer) definition[1];
            long key = (Long) definition[2];
            FlowVersion record = new FlowVersion(id + ":" + key + ":" + sha256.substring(0, 12), id, id, kind, version, key,
                    sha256, text, actor.name(), actor.roles() == null ? List.of() : actor.roles(), now, note);
            boolean created = versions.saveIfAbsent(record);
            if (created && "USER".equals(actor.type())) {
                auditDeploy(record, actor);
            }
            deployed.add(new Deployed(id, version, key, sha256, created));
        });
        return deployed;
    }

    /**
     * The audit chain a process's or decision's deploys are recorded in: like an image's history, hash-linked and
     * verifiable, under this id in place of an image id.
     */
    public static String auditSubject(String resourceId) {
        return "flow:" + resourceId;
    }

    private void auditDeploy(FlowVersion record, Actor actor) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("resourceId", record.resourceId());
        facts.put("kind", record.kind());
        facts.put("version", record.version());
        facts.put("key", record.key());
        facts.put("sha256", record.sha256());
        audit.record(new AuditEvent("deploy:" + record.id(), auditSubject(record.resourceId()), null,
                FlowVersion.DMN.equals(record.kind()) ? "deploy-decision" : "deploy-flow", record.resourceId(), null, actor,
                "DEPLOYED", record.note(), List.of(record.note() == null ? "deploy" : record.note()), facts,
                List.of(record.sha256()), List.of(), null, record.deployedAt()));
    }
}
