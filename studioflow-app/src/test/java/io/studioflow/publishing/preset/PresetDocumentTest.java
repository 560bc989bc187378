package io.studioflow.publishing.preset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.studioflow.processing.compose.ShadowStyle;
import java.util.List;
import org.junit.jupiter.api.Test;

class PresetDocumentTest {

    private final PresetCatalog catalog = new PresetCatalog();

    @Test
    void everyBuiltInPresetSurvivesItsStoredForm() {
        for (Preset preset : catalog.all()) {
            PresetDocument document = PresetDocument.of(preset, List.of(), 1L, "test", null);
            assertThat(document.problems(preset.name())).as(preset.name()).isEmpty();
            assertThat(document.toPreset(preset.name())).isEqualTo(preset);
        }
    }

    @Test
    void missingSettingsTakeTheDefaultsOfANewPreset() {
        PresetDocument minimal = new PresetDocument(null, null, null, null, 1600, null, null, 0.8, null, null, null,
                null, null, null, null, null, null, null, null);
        Preset preset = minimal.toPreset("acme-web");
        assertThat(preset.label()).isEqualTo("acme-web");
        assertThat(preset.canvas()).isEqualTo(PresetCanvas.longestSide(1600));
        assertThat(preset.background().isWhite()).isTrue();
        assertThat(preset.shadow()).isEqualTo(ShadowStyle.NONE);
        assertThat(preset.format()).isEqualTo(RenditionFormat.JPEG);
        assertThat(preset.minLongestSide()).isEqualTo(1000);
    }

    @Test
    void eachBrokenRuleNamesItsField() {
        PresetDocument broken = new PresetDocument(null, "x".repeat(101), 2000, 10_001, 2000, "#GGGGGG", 65, 0.0, 1.2,
                0.41, "soft", "gif", 101, 20_000, true, List.of(" "), null, null, null);
        assertThat(broken.problems("../etc")).extracting(PresetDocument.FieldError::field).contains("id", "label",
                "longestSide", "background", "backgroundTolerance", "fill", "minProductShare", "margin", "shadow",
                "format", "quality", "minLongestSide", "checklist");
        assertThatThrownBy(() -> broken.toPreset("acme")).isInstanceOf(InvalidPresetException.class)
                .hasMessageContaining("fill: must be more than 0");
    }

    @Test
    void theChangesOfAnEditReadAsSentences() {
        PresetDocument before = PresetDocument.of(catalog.get("zalando"), List.of(), 1L, "a", null);
        PresetDocument after = new PresetDocument("zalando", before.label(), before.width(), before.height(), null,
                "#EEEEEE", before.backgroundTolerance(), 0.6, before.minProductShare(), before.margin(),
                before.shadow(), before.format(), before.quality(), before.minLongestSide(), before.srgb(),
                List.of("one"), 2L, "b", null);
        assertThat(PresetCatalog.changes(before, after)).containsExactly("background #FFFFFF → #EEEEEE",
                "fill 0.85 → 0.6", "checklist changed (1 items)");
    }
}
