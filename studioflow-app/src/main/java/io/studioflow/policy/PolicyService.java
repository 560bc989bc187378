package io.studioflow.policy;

import io.camunda.zeebe.dmn.DecisionEngineFactory;
import io.camunda.zeebe.dmn.ParsedDecisionRequirementsGraph;
import io.studioflow.audit.Actor;
import io.studioflow.flows.FlowDeployments;
import io.studioflow.flows.FlowProblem;
import io.studioflow.flows.FlowVersion;
import io.studioflow.flows.InvalidFlowException;
import io.studioflow.ingest.Asset;
import io.studioflow.ingest.AssetRepository;
import io.studioflow.review.ReviewTask;
import io.studioflow.review.TaskRepository;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Service;

/**
 * The routing policy: read from the deployed {@code review-routing} decision, deployed as a new decision
 * version, and replayed on recorded images before deploying (the what-if).
 */
@Service
public class PolicyService {

    /** Human decisions that mean the automated result was not good enough as it was. */
    static final Set<String> CORRECTING_DECISIONS = Set.of("REJECT", "RETAKE", "REPROCESS");
    public static final int MAX_WHAT_IF_IMAGES = 2000;

    private final FlowDeployments deployments;
    private final AssetRepository assets;
    private final TaskRepository tasks;

    public PolicyService(FlowDeployments deployments, AssetRepository assets, TaskRepository tasks) {
        this.deployments = deployments;
        this.assets = assets;
        this.tasks = tasks;
    }

    /** The policy the engine runs now and its decision version (0 if no version was recorded yet). */
    public record CurrentPolicy(String decisionId, int version, RoutingPolicy policy) {
    }

    public CurrentPolicy current() {
        return deployments.latest(RoutingPolicyDmn.DECISION_ID)
                .map(v -> new CurrentPolicy(v.resourceId(), v.version(), RoutingPolicyDmn.read(v.xml())))
                .orElseGet(() -> new CurrentPolicy(RoutingPolicyDmn.DECISION_ID, 0, RoutingPolicyDmn.read(shipped())));
    }

    /** Writes the policy as DMN, has the engine's DMN parser check it, deploys it as a new decision version. */
    public FlowDeployments.Deployed deploy(RoutingPolicy policy, Actor actor) {
        String xml = RoutingPolicyDmn.write(policy);
        ParsedDecisionRequirementsGraph parsed = DecisionEngineFactory.createDecisionEngine()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        if (!parsed.isValid()) {
            throw new InvalidFlowException(List.of(FlowProblem.ofFile("The written decision is not valid: " + parsed.getFailureMessage())));
        }
        return deployments.deployDmn(xml.getBytes(StandardCharsets.UTF_8), RoutingPolicyDmn.RESOURCE_NAME, actor, "policy")
                .stream().filter(d -> d.resourceId().equals(RoutingPolicyDmn.DECISION_ID)).findFirst().orElseThrow();
    }

    /** Replays the last {@code last} images that reached the routing decision against the current policy and the draft. */
    public WhatIf whatIf(RoutingPolicy draft, int last) {
        List<FlowProblem> problems = draft.problems();
        if (!problems.isEmpty()) {
            throw new InvalidFlowException(problems);
        }
        if (last < 1 || last > MAX_WHAT_IF_IMAGES) {
            throw new InvalidFlowException(List.of(FlowProblem.ofFile("Replay between 1 and " + MAX_WHAT_IF_IMAGES
                    + " images, not " + last)));
        }
        RoutingPolicy current = current().policy();
        List<RecordedImage> images = recorded(last);
        int[] humans = new int[2];
        int[] escaped = new int[2];
        double[] samples = new double[2];
        int corrected = 0;
        List<WhatIf.ImageReplay> details = new ArrayList<>();
        for (RecordedImage image : images) {
            RoutingPolicy.Route now = current.route(image.inputs());
            RoutingPolicy.Route then = draft.route(image.inputs());
            corrected += image.corrected() ? 1 : 0;
            RoutingPolicy.Route[] routes = {now, then};
            RoutingPolicy[] policies = {current, draft};
            for (int side = 0; side < 2; side++) {
                if (routes[side].human()) {
                    humans[side]++;
                } else {
                    samples[side] += policies[side].sampleRate(image.inputs().brand(), image.inputs().preset());
                    if (image.corrected()) {
                        escaped[side]++;
                    }
                }
            }
            details.add(new WhatIf.ImageReplay(image.asset().id(), image.asset().sku(), image.asset().brand(),
                    image.asset().preset(), image.confidences(), image.humanDecision(), image.corrected(), now.check(),
                    then.check(), now.human(), then.human()));
        }
        int n = images.size();
        return new WhatIf(last, n, corrected,
                new WhatIf.Side(humans[0], n - humans[0], escaped[0], round(samples[0])),
                new WhatIf.Side(humans[1], n - humans[1], escaped[1], round(samples[1])), details);
    }

    /** One image as the what-if sees it: its scores when routed, and what humans did with it. */
    record RecordedImage(Asset asset, RoutingPolicy.Inputs inputs, Map<String, Object> confidences, String humanDecision,
                         boolean corrected) {
    }

    /** The newest images (by last change) whose composition ran, so the routing decision saw them. */
    List<RecordedImage> recorded(int last) {
        List<RecordedImage> images = new ArrayList<>();
        for (Asset asset : assets.latest(Math.min(10_000, last * 4 + 50))) {
            if (images.size() == last) {
                break;
            }
            Map<String, Map<String, Object>> scores = asset.scores();
            if (scores == null || scores.get(RoutingStep.COMPOSITION.assetStep()) == null) {
                continue;
            }
            Map<RoutingStep, Double> confidences = new EnumMap<>(RoutingStep.class);
            Map<String, Object> shown = new LinkedHashMap<>();
            for (RoutingStep step : RoutingStep.values()) {
                Map<String, Object> stepScores = scores.get(step.assetStep());
                Object value = stepScores == null ? null : stepScores.get("confidence");
                if (value instanceof Number number) {
                    confidences.put(step, number.doubleValue());
                    shown.put(step.id(), number.doubleValue());
                }
            }
            Object valid = scores.get(RoutingStep.COMPOSITION.assetStep()).get("valid");
            String decision = null;
            boolean corrected = false;
            for (ReviewTask task : tasks.ofImage(asset.id())) {
                if (!task.kind().decidesOnResult() || task.decision() == null) { // a second approval's verdict counts too
                    continue;
                }
                decision = task.decision();
                boolean retouched = task.versions() != null && !task.versions().isEmpty();
                corrected |= CORRECTING_DECISIONS.contains(task.decision()) || retouched;
            }
            images.add(new RecordedImage(asset, new RoutingPolicy.Inputs(asset.brand(), asset.preset(), confidences,
                    valid instanceof Boolean b ? b : null), shown, decision, corrected));
        }
        return images;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static String shipped() {
        try (InputStream in = new ClassPathResource("processes/" + RoutingPolicyDmn.RESOURCE_NAME).getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("the shipped routing decision is missing", e);
        }
    }
}
