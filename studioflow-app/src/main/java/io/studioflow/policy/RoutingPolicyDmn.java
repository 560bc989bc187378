package io.studioflow.policy;

import io.studioflow.flows.FlowProblem;
import io.studioflow.flows.InvalidFlowException;
import io.studioflow.flows.SafeXml;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Reads the policy table from the {@code review-routing} DMN and writes it back as DMN. Reading accepts
 * the hand-written decision of the first release (global thresholds, no brand, preset, sample or four-eyes
 * columns) as well as what {@link #write} produces. The written decision keeps the same decision id, hit
 * policy FIRST and the outputs {@code route}, {@code reason}, {@code check} the flow relies on, and adds the
 * inputs {@code brand}, {@code preset} and a random draw for the audit sample, and the output {@code fourEyes}.
 * <p>Four-eyes belongs to a row's brand and preset, not to the rule that happened to match first: every rule
 * that sends an image to a person (a reprocessed result included, so a reviewer cannot dodge it) outputs the
 * same FEEL test of the image's brand and preset against the four-eyes scopes, e.g.
 * {@code (brand = "acme") or (brand = "zeta" and preset = "etsy")}; the flow then asks for a second approval.
 */
public final class RoutingPolicyDmn {

    public static final String DECISION_ID = "review-routing";
    public static final String RESOURCE_NAME = "review-routing.dmn";
    static final String DRAW_EXPRESSION = "random number()";
    private static final String DMN_NS = "https://www.omg.org/spec/DMN/20191111/MODEL/";
    private static final Pattern LESS_THAN = Pattern.compile("^<\\s*(-?[0-9]*\\.?[0-9]+)$");
    /** One scope of the four-eyes expression as {@link #fourEyesExpression} writes it. */
    private static final Pattern FOUR_EYES_SCOPE = Pattern.compile(
            "\\((?:brand = \"(?<brand>[^\"]*)\")?(?: and )?(?:preset = \"(?<preset>[^\"]*)\")?\\)");

    private RoutingPolicyDmn() {
    }

    // ---------------------------------------------------------------- reading

    public static RoutingPolicy read(String xml) {
        Document document;
        try {
            document = SafeXml.parse(xml.getBytes(StandardCharsets.UTF_8));
        } catch (SafeXml.XmlRefusedException e) {
            throw new InvalidFlowException(List.of(FlowProblem.ofFile(e.getMessage())));
        }
        Element table = first(document.getDocumentElement(), "decisionTable");
        if (table == null) {
            throw new InvalidFlowException(List.of(FlowProblem.ofFile("The decision has no decision table")));
        }
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        for (Element child : children(table)) {
            if (child.getLocalName().equals("input")) {
                Element expression = first(child, "inputExpression");
                Element text = expression == null ? null : first(expression, "text");
                inputs.add(text == null ? "" : text.getTextContent().trim());
            } else if (child.getLocalName().equals("output")) {
                outputs.add(child.getAttribute("name"));
            }
        }
        List<PolicyRow> rows = new ArrayList<>();
        Set<String> fourEyesScopes = new LinkedHashSet<>();
        Map<String, double[]> samples = new LinkedHashMap<>();
        Map<String, Boolean> sampleFourEyes = new LinkedHashMap<>();
        for (Element rule : children(table)) {
            if (!rule.getLocalName().equals("rule")) {
                continue;
            }
            Map<String, String> in = new LinkedHashMap<>();
            Map<String, String> out = new LinkedHashMap<>();
            int i = 0;
            int o = 0;
            for (Element entry : children(rule)) {
                Element text = first(entry, "text");
                String value = text == null ? "-" : text.getTextContent().trim();
                if (entry.getLocalName().equals("inputEntry") && i < inputs.size()) {
                    in.put(inputs.get(i++), value);
                } else if (entry.getLocalName().equals("outputEntry") && o < outputs.size()) {
                    out.put(outputs.get(o++), value);
                }
            }
            String fourEyesOut = out.get("fourEyes");
            boolean fourEyesByScope = fourEyesOut != null && !fourEyesOut.equals("true") && !fourEyesOut.equals("false");
            if (fourEyesByScope) {
                Matcher scope = FOUR_EYES_SCOPE.matcher(fourEyesOut);
                while (scope.find()) {
                    fourEyesScopes.add(anyIfNull(scope.group("brand")) + "\u0000" + anyIfNull(scope.group("preset")));
                }
            }
            if (!isAny(in.get("review.decision")) || "false".equals(in.get("composition.valid"))) {
                continue; // the fixed rules: reprocess on request, preset broken
            }
            String brand = unquote(in.get("brand"));
            String preset = unquote(in.get("preset"));
            // decisions written before four-eyes became a scope carry a literal per rule
            Boolean fourEyes = fourEyesOut == null ? null : fourEyesByScope ? Boolean.FALSE : Boolean.valueOf(fourEyesOut);
            String draw = in.get(DRAW_EXPRESSION);
            if (!isAny(draw)) {
                Double rate = lessThan(draw);
                if (rate != null) {
                    String scope = PolicyRow.isAny(brand) ? "*" : brand;
                    scope += "\u0000" + (PolicyRow.isAny(preset) ? "*" : preset);
                    samples.put(scope, new double[] {rate});
                    sampleFourEyes.put(scope, fourEyes);
                }
                continue;
            }
            for (RoutingStep step : RoutingStep.values()) {
                Double threshold = lessThan(in.get(step.expression()));
                if (threshold != null) {
                    rows.add(new PolicyRow(anyIfNull(brand), anyIfNull(preset), step.id(), threshold, null, fourEyes));
                }
            }
        }
        // a sample rate belongs to every row of its brand and preset; one without such a row stands alone
        samples.forEach((scope, rate) -> {
            String[] parts = scope.split("\u0000");
            boolean attached = false;
            for (int r = 0; r < rows.size(); r++) {
                PolicyRow row = rows.get(r);
                if (row.brandOrAny().equals(parts[0]) && row.presetOrAny().equals(parts[1])) {
                    rows.set(r, new PolicyRow(row.brand(), row.preset(), row.step(), row.threshold(), rate[0], row.fourEyes()));
                    attached = true;
                }
            }
            if (!attached) {
                rows.add(new PolicyRow(parts[0], parts[1], null, null, rate[0], sampleFourEyes.get(scope)));
            }
        });
        // four-eyes marks every row of its scope; a scope with no other row stands alone
        for (String scope : fourEyesScopes) {
            String[] parts = scope.split("\u0000");
            boolean attached = false;
            for (int r = 0; r < rows.size(); r++) {
                PolicyRow row = rows.get(r);
                if (row.brandOrAny().equals(parts[0]) && row.presetOrAny().equals(parts[1])) {
                    rows.set(r, new PolicyRow(row.brand(), row.preset(), row.step(), row.threshold(), row.sampleRate(), true));
                    attached = true;
                }
            }
            if (!attached) {
                rows.add(new PolicyRow(parts[0], parts[1], null, null, null, true));
            }
        }
        return new RoutingPolicy(rows);
    }

    // ---------------------------------------------------------------- writing

    public static String write(RoutingPolicy policy) {
        List<String> problems = policy.problems().stream().map(FlowProblem::message).toList();
        if (!problems.isEmpty()) {
            throw new InvalidFlowException(policy.problems());
        }
        StringBuilder xml = new StringBuilder();
        xml.append("""
                <?xml version="1.0" encoding="UTF-8"?>
                <definitions xmlns="%s"
                             xmlns:modeler="http://camunda.org/schema/modeler/1.0"
                             id="review-routing-definitions" name="Review routing"
                             namespace="https://studioflow.io/policy"
                             modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.8.0">
                  <decision id="%s" name="Review routing">
                    <description>Written by the Studioflow policy editor. Sends an image to a human when an automated step is not sure enough of its result, or as a random audit sample. First matching rule wins.</description>
                    <decisionTable id="review-routing-table" hitPolicy="FIRST">
                """.formatted(DMN_NS, DECISION_ID));
        input(xml, "in-review", "Retoucher's last decision", "review.decision", "string");
        input(xml, "in-brand", "Brand", "brand", "string");
        input(xml, "in-preset-name", "Preset", "preset", "string");
        input(xml, "in-segmentation", "Segmentation confidence", RoutingStep.SEGMENTATION.expression(), "number");
        input(xml, "in-composition", "Composition confidence", RoutingStep.COMPOSITION.expression(), "number");
        input(xml, "in-preset", "Rendition meets its preset", "composition.valid", "boolean");
        input(xml, "in-colour", "Colour confidence", RoutingStep.COLOUR.expression(), "number");
        input(xml, "in-qc", "Capture QC confidence", RoutingStep.QC.expression(), "number");
        input(xml, "in-sample", "Random audit draw (0..1)", DRAW_EXPRESSION, "number");
        xml.append("""
                      <output id="out-route" label="Route" name="route" typeRef="string" />
                      <output id="out-reason" label="Reason" name="reason" typeRef="string" />
                      <output id="out-check" label="Check" name="check" typeRef="string" />
                      <output id="out-four-eyes" label="Four eyes" name="fourEyes" typeRef="boolean" />
                """);
        String fourEyes = fourEyesExpression(policy);
        // columns: review, brand, preset, segmentation, composition, preset valid, colour, qc, draw
        rule(xml, "rule-reprocess", "A retoucher sent the image back with other settings: the new result goes back to them.",
                new String[] {"\"REPROCESS\"", "-", "-", "-", "-", "-", "-", "-", "-"},
                "HUMAN_REVIEW", "Reprocessed with other settings at the retoucher's request", "reprocess", fourEyes);
        int n = 0;
        for (RoutingStep step : List.of(RoutingStep.SEGMENTATION, RoutingStep.COMPOSITION)) {
            n = thresholdRules(xml, policy, step, n, fourEyes);
        }
        rule(xml, "rule-preset", "The rendition breaks a rule of its marketplace or brand preset.",
                new String[] {"-", "-", "-", "-", "-", "false", "-", "-", "-"}, "HUMAN_REVIEW",
                "The rendition breaks its preset's rules (background, size, product share or format)", "preset", fourEyes);
        for (RoutingStep step : List.of(RoutingStep.COLOUR, RoutingStep.QC)) {
            n = thresholdRules(xml, policy, step, n, fourEyes);
        }
        Map<String, PolicyRow> sampleScopes = new LinkedHashMap<>();
        for (PolicyRow row : policy.rows()) {
            if (row.sampleRateOrZero() > 0) {
                sampleScopes.merge(row.brandOrAny() + "\u0000" + row.presetOrAny(), row, (a, b) ->
                        new PolicyRow(a.brand(), a.preset(), null, null, Math.max(a.sampleRateOrZero(), b.sampleRateOrZero()),
                                a.fourEyesOrNo() || b.fourEyesOrNo()));
            }
        }
        int s = 0;
        for (PolicyRow row : sampleScopes.values()) {
            rule(xml, "rule-sample-" + (++s), null,
                    new String[] {"-", value(row.brand()), value(row.preset()), "-", "-", "-", "-", "-",
                            "&lt; " + number(row.sampleRateOrZero())},
                    "HUMAN_REVIEW", "Random audit sample (" + percent(row.sampleRateOrZero()) + " of confident images"
                            + scope(row) + ")", "audit-sample", fourEyes);
        }
        rule(xml, "rule-auto", null, new String[] {"-", "-", "-", "-", "-", "-", "-", "-", "-"}, "AUTO_APPROVE",
                "Every automated step is confident", null, "false");
        xml.append("""
                    </decisionTable>
                  </decision>
                </definitions>
                """);
        return xml.toString();
    }

    /**
     * The FEEL test "does a four-eyes row apply to this image": {@code false} without such rows, {@code true}
     * when one applies to every brand and preset, else one parenthesised scope per brand/preset, joined by or.
     */
    static String fourEyesExpression(RoutingPolicy policy) {
        Set<String> scopes = new LinkedHashSet<>();
        for (PolicyRow row : policy.rows()) {
            if (!row.fourEyesOrNo()) {
                continue;
            }
            if (PolicyRow.isAny(row.brand()) && PolicyRow.isAny(row.preset())) {
                return "true";
            }
            List<String> tests = new ArrayList<>();
            if (!PolicyRow.isAny(row.brand())) {
                tests.add("brand = " + quote(row.brand().trim()));
            }
            if (!PolicyRow.isAny(row.preset())) {
                tests.add("preset = " + quote(row.preset().trim()));
            }
            scopes.add("(" + String.join(" and ", tests) + ")");
        }
        return scopes.isEmpty() ? "false" : String.join(" or ", scopes);
    }

    private static int thresholdRules(StringBuilder xml, RoutingPolicy policy, RoutingStep step, int n, String fourEyes) {
        for (PolicyRow row : policy.rows()) {
            if (row.threshold() == null || !step.id().equalsIgnoreCase(row.step() == null ? "" : row.step().trim())) {
                continue;
            }
            String[] entries = {"-", value(row.brand()), value(row.preset()), "-", "-", "-", "-", "-", "-"};
            entries[switch (step) {
                case SEGMENTATION -> 3;
                case COMPOSITION -> 4;
                case COLOUR -> 6;
                case QC -> 7;
            }] = "&lt; " + number(row.threshold());
            rule(xml, "rule-" + step.id() + "-" + (++n), null, entries, "HUMAN_REVIEW",
                    step.reason() + " (confidence below " + number(row.threshold()) + scope(row) + ")", step.id(),
                    fourEyes);
        }
        return n;
    }

    private static void input(StringBuilder xml, String id, String label, String expression, String type) {
        xml.append("""
                      <input id="%s" label="%s">
                        <inputExpression id="%s-expr" typeRef="%s">
                          <text>%s</text>
                        </inputExpression>
                      </input>
                """.formatted(id, label.replace("'", "&apos;"), id, type, expression));
    }

    private static void rule(StringBuilder xml, String id, String description, String[] inputs, String route, String reason,
                             String check, String fourEyes) {
        xml.append("      <rule id=\"").append(id).append("\">\n");
        if (description != null) {
            xml.append("        <description>").append(escape(description)).append("</description>\n");
        }
        for (int i = 0; i < inputs.length; i++) {
            xml.append("        <inputEntry id=\"").append(id).append("-in-").append(i).append("\"><text>").append(inputs[i])
                    .append("</text></inputEntry>\n");
        }
        String[] outputs = {quote(route), quote(reason), check == null ? "null" : quote(check), fourEyes};
        for (int i = 0; i < outputs.length; i++) {
            xml.append("        <outputEntry id=\"").append(id).append("-out-").append(i).append("\"><text>")
                    .append(escape(outputs[i])).append("</text></outputEntry>\n");
        }
        xml.append("      </rule>\n");
    }

    private static String scope(PolicyRow row) {
        List<String> parts = new ArrayList<>();
        if (!PolicyRow.isAny(row.brand())) {
            parts.add("brand " + row.brand());
        }
        if (!PolicyRow.isAny(row.preset())) {
            parts.add("preset " + row.preset());
        }
        return parts.isEmpty() ? "" : ", for " + String.join(", ", parts);
    }

    private static String value(String nameOrAny) {
        return PolicyRow.isAny(nameOrAny) ? "-" : escape(quote(nameOrAny.trim()));
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static String percent(double rate) {
        return number(rate * 100) + " %";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static Double lessThan(String entry) {
        if (entry == null) {
            return null;
        }
        Matcher matcher = LESS_THAN.matcher(entry.trim());
        return matcher.matches() ? Double.valueOf(matcher.group(1)) : null;
    }

    private static boolean isAny(String entry) {
        return entry == null || entry.isBlank() || entry.equals("-");
    }

    private static String unquote(String entry) {
        if (isAny(entry)) {
            return null;
        }
        String trimmed = entry.trim();
        return trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"")
                ? trimmed.substring(1, trimmed.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\")
                : trimmed;
    }

    private static String anyIfNull(String value) {
        return value == null ? PolicyRow.ANY : value;
    }

    private static Element first(Element parent, String localName) {
        for (Element child : children(parent)) {
            if (localName.equals(child.getLocalName())) {
                return child;
            }
        }
        for (Element child : children(parent)) {
            Element found = first(child, localName);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static List<Element> children(Element parent) {
        List<Element> children = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element) {
                children.add(element);
            }
        }
        return children;
    }
}
