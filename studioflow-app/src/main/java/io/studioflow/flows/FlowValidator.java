package io.studioflow.flows;

import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.BaseElement;
import io.camunda.zeebe.model.bpmn.instance.Process;
import io.camunda.zeebe.model.bpmn.instance.UserTask;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeAssignmentDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeUserTask;
import io.camunda.zeebe.model.bpmn.validation.zeebe.ZeebeDesignTimeValidators;
import io.studioflow.platform.security.Role;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.camunda.bpm.model.xml.validation.ValidationResult;
import org.camunda.bpm.model.xml.validation.ValidationResultType;
import org.springframework.stereotype.Service;

/**
 * Checks a BPMN file before it may be deployed, in the order that keeps a hostile file harmless: the
 * hardened XML parser first (no DOCTYPE, so no external entities and no entity bombs), then Zeebe's own
 * model API and its design-time rules, then ours: every job type has a worker in this application, every
 * user task has a candidate group somebody belongs to, retries are a positive whole number.
 */
@Service
public class FlowValidator {

    /** Uploads larger than this are refused before parsing; the product flow is about 20 KB. */
    public static final int MAX_BYTES = 1024 * 1024;

    private final KnownJobTypes jobTypes;

    public FlowValidator(KnownJobTypes jobTypes) {
        this.jobTypes = jobTypes;
    }

    /** The candidate groups that somebody in the studio belongs to. */
    public static Set<String> knownGroups() {
        return Role.candidateGroups(EnumSet.allOf(Role.class));
    }

    public List<FlowProblem> validate(byte[] xml) {
        if (xml == null || xml.length == 0) {
            return List.of(FlowProblem.ofFile("The file is empty"));
        }
        if (xml.length > MAX_BYTES) {
            return List.of(FlowProblem.ofFile("The file is " + xml.length / 1024 + " KB; flows up to "
                    + MAX_BYTES / 1024 + " KB are accepted"));
        }
        try {
            SafeXml.parse(xml);
        } catch (SafeXml.XmlRefusedException e) {
            return List.of(FlowProblem.ofFile(e.getMessage()));
        }
        BpmnModelInstance model;
        try {
            model = Bpmn.readModelFromStream(new ByteArrayInputStream(xml));
        } catch (RuntimeException e) {
            return List.of(FlowProblem.ofFile("Not a BPMN 2.0 file the engine can read: " + rootMessage(e)));
        }
        List<FlowProblem> problems = new ArrayList<>();
        if (model.getModelElementsByType(Process.class).stream().noneMatch(Process::isExecutable)) {
            problems.add(FlowProblem.ofFile("The file has no executable process"));
        }
        model.validate(ZeebeDesignTimeValidators.VALIDATORS).getResults().forEach((element, results) -> {
            for (ValidationResult result : results) {
                if (result.getType() == ValidationResultType.ERROR) {
                    problems.add(new FlowProblem(idOf(element), result.getMessage()));
                }
            }
        });
        for (ZeebeTaskDefinition definition : model.getModelElementsByType(ZeebeTaskDefinition.class)) {
            checkTaskDefinition(definition, problems);
        }
        for (UserTask task : model.getModelElementsByType(UserTask.class)) {
            checkUserTask(task, problems);
        }
        return problems;
    }

    /** Throws with every problem unless the file may be deployed. */
    public void requireValid(byte[] xml) {
        List<FlowProblem> problems = validate(xml);
        if (!problems.isEmpty()) {
            throw new InvalidFlowException(problems);
        }
    }

    private void checkTaskDefinition(ZeebeTaskDefinition definition, List<FlowProblem> problems) {
        String elementId = owner(definition);
        String type = definition.getType();
        if (type == null || type.isBlank()) {
            problems.add(new FlowProblem(elementId, "The task has no job type; choose one of " + jobTypes.forServiceTasks()));
        } else if (type.startsWith("=")) {
            problems.add(new FlowProblem(elementId, "The job type '" + type + "' is computed at run time and cannot be "
                    + "checked; choose one of " + jobTypes.forServiceTasks()));
        } else if (!jobTypes.forServiceTasks().contains(type)) {
            problems.add(new FlowProblem(elementId, "No worker handles job type '" + type + "'; choose one of "
                    + jobTypes.forServiceTasks()));
        }
        String retries = definition.getRetries();
        if (retries != null && !retries.isBlank() && !retries.startsWith("=")) {
            try {
                if (Integer.parseInt(retries.trim()) < 1) {
                    problems.add(new FlowProblem(elementId, "Retries must be at least 1, not " + retries));
                }
            } catch (NumberFormatException e) {
                problems.add(new FlowProblem(elementId, "Retries must be a whole number, not '" + retries + "'"));
            }
        }
    }

    private void checkUserTask(UserTask task, List<FlowProblem> problems) {
        String label = task.getName() == null ? task.getId() : "'" + task.getName() + "'";
        if (task.getSingleExtensionElement(ZeebeUserTask.class) != null) {
            problems.add(new FlowProblem(task.getId(), "The user task " + label + " is a Camunda user task; this "
                    + "engine runs job-based user tasks only (remove the zeebe:userTask marker)"));
        }
        ZeebeAssignmentDefinition assignment = task.getSingleExtensionElement(ZeebeAssignmentDefinition.class);
        String groups = assignment == null ? null : assignment.getCandidateGroups();
        if (groups == null || groups.isBlank()) {
            problems.add(new FlowProblem(task.getId(), "The user task " + label + " has no candidate group; choose one of "
                    + knownGroups()));
            return;
        }
        if (groups.startsWith("=")) {
            return; // an expression decides at run time; nothing to check statically
        }
        Set<String> unknown = new TreeSet<>(Arrays.stream(groups.split(",")).map(String::trim)
                .filter(g -> !g.isEmpty()).toList());
        unknown.removeAll(knownGroups());
        if (!unknown.isEmpty()) {
            problems.add(new FlowProblem(task.getId(), "Nobody is in candidate group " + String.join(", ", unknown)
                    + " of the user task " + label + "; known groups are " + knownGroups()));
        }
    }

    private static String owner(ModelElementInstance extension) {
        ModelElementInstance parent = extension.getParentElement();
        while (parent != null && !(parent instanceof BaseElement base && base.getId() != null && !(parent instanceof
                io.camunda.zeebe.model.bpmn.instance.ExtensionElements))) {
            parent = parent.getParentElement();
        }
        return parent == null ? null : ((BaseElement) parent).getId();
    }

    private static String idOf(ModelElementInstance element) {
        return element == null ? null : element.getAttributeValue("id");
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? e.getMessage() : cause.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }
}
