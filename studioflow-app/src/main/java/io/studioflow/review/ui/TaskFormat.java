package io.studioflow.review.ui;

import com.vaadin.flow.component.html.Span;
import java.time.Duration;
import java.time.Instant;

/** How the inbox writes times and confidences for people. */
final class TaskFormat {

    private TaskFormat() {
    }

    /** "45 s", "12 min", "3 h 5 min", "2 d 4 h". */
    static String duration(Duration d) {
        long seconds = Math.abs(d.getSeconds());
        if (seconds < 60) return seconds + " s";
        long minutes = seconds / 60;
        if (minutes < 60) return minutes + " min";
        long hours = minutes / 60;
        if (hours < 48) return hours + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min");
        return hours / 24 + " d" + (hours % 24 == 0 ? "" : " " + hours % 24 + " h");
    }

    static String age(Instant since, Instant now) {
        return since == null ? "" : duration(Duration.between(since, now));
    }

    /** "in 2 h" or "overdue 15 min". */
    static String due(Instant due, Instant now) {
        if (due == null) return "";
        Duration left = Duration.between(now, due);
        return left.isNegative() ? "overdue " + duration(left) : "in " + duration(left);
    }

    /** A pill like Lumo's badge, styled inline (the pre-built bundle has no badge styles). */
    static Span badge(String text, Tone tone) {
        Span badge = new Span(text);
        badge.getStyle()
                .set("display", "inline-block")
                .set("padding", "0.1em 0.6em")
                .set("border-radius", "var(--lumo-border-radius-l)")
                .set("font-size", "var(--lumo-font-size-s)")
                .set("font-weight", "500")
                .set("color", tone.text)
                .set("background", tone.background);
        badge.getElement().setAttribute("data-tone", tone.name().toLowerCase());
        return badge;
    }

    enum Tone {
        GOOD("var(--lumo-success-text-color)", "var(--lumo-success-color-10pct)"),
        WARN("#8a5300", "rgba(255, 166, 0, 0.18)"),
        BAD("var(--lumo-error-text-color)", "var(--lumo-error-color-10pct)"),
        NEUTRAL("var(--lumo-secondary-text-color)", "var(--lumo-contrast-10pct)");

        final String text;
        final String background;

        Tone(String text, String background) {
            this.text = text;
            this.background = background;
        }
    }

    /** Red below 0.5, amber below 0.75, green from there. */
    static Span confidenceBadge(Double confidence) {
        if (confidence == null) return badge("n/a", Tone.NEUTRAL);
        Tone tone = confidence < 0.5 ? Tone.BAD : confidence < 0.75 ? Tone.WARN : Tone.GOOD;
        return badge(Math.round(confidence * 100) + "%", tone);
    }
}
