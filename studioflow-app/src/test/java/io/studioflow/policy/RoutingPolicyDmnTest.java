package io.studioflow.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.zeebe.dmn.DecisionEngine;
import io.camunda.zeebe.dmn.DecisionEngineFactory;
import io.camunda.zeebe.dmn.DecisionEvaluationResult;
import io.camunda.zeebe.dmn.ParsedDecisionRequirementsGraph;
import io.camunda.zeebe.protocol.impl.encoding.MsgPackConverter;
import io.studioflow.flows.InvalidFlowException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The policy table read from and written to DMN, and the written DMN evaluated by the engine's own DMN
 * engine (the one Zeebe runs) agreeing with {@link RoutingPolicy#route} on many images.
 */
class RoutingPolicyDmnTest {

    private static final DecisionEngine ENGINE = DecisionEngineFactory.createDecisionEngine();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theShippedDecisionReadsAsItsFourGlobalThresholds() throws Exception {
        RoutingPolicy policy = RoutingPolicyDmn.read(Files.readString(shippedDmn()));

        assertThat(policy.rows()).containsExactly(
                new PolicyRow("*", "*", "segmentation", 0.75, null, null),
                new PolicyRow("*", "*", "composition", 0.6, null, null),
                new PolicyRow("*", "*", "colour", 0.4, null, null),
                new PolicyRow("*", "*", "qc", 0.5, null, null));
    }

    @Test
    void writtenPolicyReadsBackTheSame() {
        RoutingPolicy policy = new RoutingPolicy(List.of(
                new PolicyRow("*", "*", "segmentation", 0.75, 0.05, false),
                new PolicyRow("acme", "*", "segmentation", 0.9, 0.2, true),
                new PolicyRow("*", "amazon-main", "composition", 0.7, null, false),
                new PolicyRow("*", "*", "qc", 0.5, 0.05, false)));

        RoutingPolicy read = RoutingPolicyDmn.read(RoutingPolicyDmn.write(policy));

        assertThat(read.rows()).containsExactlyInAnyOrder(
                new PolicyRow("*", "*", "segmentation", 0.75, 0.05, false),
                new PolicyRow("acme", "*", "segmentation", 0.9, 0.2, true),
                new PolicyRow("*", "amazon-main", "composition", 0.7, null, false),
                new PolicyRow("*", "*", "qc", 0.5, 0.05, false));
    }

    @Test
    void engineAgreesWithTheJavaReplayOnRandomImages() throws Exception {
        RoutingPolicy shipped = RoutingPolicyDmn.read(Files.readString(shippedDmn()));
        RoutingPolicy strict = new RoutingPolicy(List.of(
                new PolicyRow("*", "*", "segmentation", 0.85, null, false),
                new PolicyRow("acme", "*", "segmentation", 0.95, null, true),
                new PolicyRow("*", "*", "composition", 0.6, null, false),
                new PolicyRow("*", "etsy", "colour", 0.7, null, false),
                new PolicyRow("*", "*", "qc", 0.5, null, false)));
        Random random = new Random(7);
        for (RoutingPolicy policy : List.of(shipped, strict)) {
            ParsedDecisionRequirementsGraph graph = ENGINE.parse(new ByteArrayInputStream(
                    RoutingPolicyDmn.write(policy).getBytes(StandardCharsets.UTF_8)));
            assertThat(graph.isValid()).as(graph.getFailureMessage()).isTrue();
            for (int i = 0; i < 300; i++) {
                String brand = random.nextBoolean() ? "acme" : "other";
                String preset = random.nextBoolean() ? "etsy" : "white-square-2000";
                Map<RoutingStep, Double> confidences = new EnumMap<>(RoutingStep.class);
                for (RoutingStep step : RoutingStep.values()) {
                    confidences.put(step, random.nextInt(10) == 0 ? null : random.nextDouble());
                }
                Boolean valid = random.nextInt(5) == 0 ? Boolean.FALSE : Boolean.TRUE;
                RoutingPolicy.Route expected = policy.route(new RoutingPolicy.Inputs(brand, preset, confidences, valid));

                DecisionEvaluationResult result = ENGINE.evaluateDecisionById(graph, RoutingPolicyDmn.DECISION_ID,
                        () -> variables(brand, preset, confidences, valid));
                assertThat(result.isFailure()).as(result.getFailureMessage()).isFalse();
                String ruleId = result.getEvaluatedDecisions().getFirst().matchedRules().getFirst().ruleId();
                assertThat(ruleId.equals("rule-auto") ? null : ruleId.replaceAll("^rule-([a-z]+).*$", "$1"))
                        .as(brand + " " + preset + " " + confidences + " valid=" + valid)
                        .isEqualTo(expected.check());
                if (policy == strict) {
                    assertThat(output(result).path("fourEyes").asBoolean())
                            .as("four eyes for " + brand + " routed by " + ruleId)
                            .isEqualTo(expected.human() && policy.fourEyes(brand, preset));
                }
            }
        }
    }

    @Test
    void fourEyesHoldsForItsBrandWhicheverRuleSendsTheImageToAPerson() throws Exception {
        // the any-brand row comes first and matches first, yet acme's four-eyes still applies; so does a row
        // that carries nothing but four-eyes, and a reprocessed result (a reviewer cannot dodge the second pair of eyes)
        RoutingPolicy policy = new RoutingPolicy(List.of(
                new PolicyRow("*", "*", "segmentation", 0.75, null, false),
                new PolicyRow("acme", "*", "segmentation", 0.9, null, true),
                new PolicyRow("zeta", "etsy", null, null, null, true)));
        ParsedDecisionRequirementsGraph graph = ENGINE.parse(new ByteArrayInputStream(
                RoutingPolicyDmn.write(policy).getBytes(StandardCharsets.UTF_8)));
        assertThat(graph.isValid()).as(graph.getFailureMessage()).isTrue();
        Map<RoutingStep, Double> doubtful = new EnumMap<>(RoutingStep.class);
        doubtful.put(RoutingStep.SEGMENTATION, 0.5);
        Map<RoutingStep, Double> confident = new EnumMap<>(RoutingStep.class);
        confident.put(RoutingStep.SEGMENTATION, 0.99);

        assertThat(evaluate(graph, variables("acme", "etsy", doubtful, true))).containsEntry("check", "segmentation")
                .containsEntry("fourEyes", true);
        assertThat(evaluate(graph, variables("other", "etsy", doubtful, true))).containsEntry("fourEyes", false);
        assertThat(evaluate(graph, variables("zeta", "etsy", doubtful, true))).containsEntry("fourEyes", true);
        assertThat(evaluate(graph, variables("zeta", "amazon-main", doubtful, true))).containsEntry("fourEyes", false);
        assertThat(evaluate(graph, variables(null, null, doubtful, true))).as("no brand at all").containsEntry("fourEyes", false);
        assertThat(evaluate(graph, variables("zeta", "etsy", doubtful, false))).containsEntry("check", "segmentation");
        assertThat(evaluate(graph, variables("zeta", "etsy", confident, false))).containsEntry("check", "preset")
                .containsEntry("fourEyes", true);
        assertThat(evaluate(graph, variables("acme", "etsy", confident, true)))
                .containsEntry("route", "AUTO_APPROVE").containsEntry("fourEyes", false);
        Map<String, Object> reprocessed = variables("acme", "etsy", confident, true);
        reprocessed.put("review", Map.of("decision", "REPROCESS"));
        assertThat(evaluate(graph, reprocessed)).containsEntry("check", "reprocess").containsEntry("fourEyes", true);

        assertThat(RoutingPolicyDmn.read(RoutingPolicyDmn.write(policy)).rows()).as("read back").containsExactlyInAnyOrder(
                new PolicyRow("*", "*", "segmentation", 0.75, null, false),
                new PolicyRow("acme", "*", "segmentation", 0.9, null, true),
                new PolicyRow("zeta", "etsy", null, null, null, true));
    }

    @Test
    void fourEyesForEveryBrandOrNoneIsAPlainBoolean() {
        assertThat(RoutingPolicyDmn.fourEyesExpression(new RoutingPolicy(List.of(
                new PolicyRow("*", "*", "qc", 0.5, null, false))))).isEqualTo("false");
        assertThat(RoutingPolicyDmn.fourEyesExpression(new RoutingPolicy(List.of(
                new PolicyRow("acme", "*", "qc", 0.5, null, true), new PolicyRow("*", "*", null, null, null, true)))))
                .isEqualTo("true");
        assertThat(RoutingPolicyDmn.fourEyesExpression(new RoutingPolicy(List.of(
                new PolicyRow("acme", "*", "qc", 0.5, null, true), new PolicyRow("*", "etsy", "qc", 0.4, null, true)))))
                .isEqualTo("(brand = \"acme\") or (preset = \"etsy\")");
    }

    @Test
    void aFullSampleRateSendsEveryConfidentImageToAHumanAndZeroNone() {
        for (double rate : new double[] {1.0, 0.0}) {
            RoutingPolicy policy = new RoutingPolicy(List.of(new PolicyRow("acme", "*", "segmentation", 0.5, rate, false)));
            ParsedDecisionRequirementsGraph graph = ENGINE.parse(new ByteArrayInputStream(
                    RoutingPolicyDmn.write(policy).getBytes(StandardCharsets.UTF_8)));
            Map<RoutingStep, Double> confident = new EnumMap<>(RoutingStep.class);
            for (RoutingStep step : RoutingStep.values()) {
                confident.put(step, 0.99);
            }
            for (int i = 0; i < 20; i++) {
                DecisionEvaluationResult result = ENGINE.evaluateDecisionById(graph, RoutingPolicyDmn.DECISION_ID,
                        () -> variables("acme", "etsy", confident, true));
                assertThat(result.isFailure()).as(result.getFailureMessage()).isFalse();
                assertThat(result.getEvaluatedDecisions().getFirst().matchedRules().getFirst().ruleId())
                        .isEqualTo(rate == 1.0 ? "rule-sample-1" : "rule-auto");
            }
        }
    }

    @Test
    void badRowsAreRefusedWithTheirRowNumber() {
        RoutingPolicy policy = new RoutingPolicy(List.of(
                new PolicyRow("*", "*", "segmentation", 1.5, null, false),
                new PolicyRow("*", "*", "sharpness", 0.5, null, false),
                new PolicyRow("a<b", "*", "qc", 0.5, -0.1, false)));

        assertThatThrownBy(() -> RoutingPolicyDmn.write(policy))
                .isInstanceOfSatisfying(InvalidFlowException.class, e -> assertThat(e.problems())
                        .extracting(p -> p.elementId() + ": " + p.message())
                        .contains("rows[0]: The threshold must be between 0 and 1, not 1.5")
                        .anyMatch(p -> p.startsWith("rows[1]: Unknown step 'sharpness'"))
                        .anyMatch(p -> p.startsWith("rows[2]: The sample rate must be between 0 and 1"))
                        .anyMatch(p -> p.startsWith("rows[2]: 'a<b' is not a brand")));
    }

    private static Map<String, Object> evaluate(ParsedDecisionRequirementsGraph graph, Map<String, Object> variables)
            throws Exception {
        DecisionEvaluationResult result = ENGINE.evaluateDecisionById(graph, RoutingPolicyDmn.DECISION_ID, () -> variables);
        assertThat(result.isFailure()).as(result.getFailureMessage()).isFalse();
        return JSON.convertValue(output(result), new TypeReference<>() { });
    }

    private static JsonNode output(DecisionEvaluationResult result) throws Exception {
        return JSON.readTree(MsgPackConverter.convertToJson(result.getOutput()));
    }

    private static Map<String, Object> variables(String brand, String preset, Map<RoutingStep, Double> confidences, Boolean valid) {
        Map<String, Object> vars = new HashMap<>();
        vars.put("brand", brand);
        vars.put("preset", preset);
        vars.put("review", new HashMap<>());
        for (RoutingStep step : RoutingStep.values()) {
            Map<String, Object> outcome = new HashMap<>();
            outcome.put("confidence", confidences.get(step));
            if (step == RoutingStep.COMPOSITION) {
                outcome.put("valid", valid);
            }
            vars.put(step.expression().substring(0, step.expression().indexOf('.')), outcome);
        }
        return vars;
    }

    private static Path shippedDmn() {
        Path path = Path.of("../processes/review-routing.dmn");
        return Files.exists(path) ? path : Path.of("processes/review-routing.dmn");
    }
}
