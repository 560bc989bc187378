package io.studioflow.publishing.preset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import io.studioflow.processing.compose.BgrColour;
import io.studioflow.processing.compose.ComposeSpec;
import io.studioflow.processing.compose.ShadowStyle;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class PresetCatalogTest {

    private final PresetCatalog catalog = new PresetCatalog();

    @Test
    void theBuiltInMarketplacePresets() {
        assertThat(catalog.names()).containsExactly("amazon-main", "etsy", "shopify", "white-square-2000", "zalando");

        Preset amazon = catalog.get("amazon-main");
        assertThat(amazon.canvas()).isEqualTo(PresetCanvas.exact(2000, 2000));
        assertThat(amazon.background()).isEqualTo(BgrColour.WHITE);
        assertThat(amazon.backgroundTolerance()).isZero();
        assertThat(amazon.minProductShare()).isEqualTo(0.85);
        assertThat(amazon.fillRatio()).isGreaterThanOrEqualTo(0.85);
        assertThat(amazon.minLongestSide()).isGreaterThanOrEqualTo(1000);
        assertThat(amazon.format()).isEqualTo(RenditionFormat.JPEG);

        Preset zalando = catalog.get("zalando");
        assertThat(zalando.canvas()).isEqualTo(PresetCanvas.exact(1801, 2600));
        assertThat(2600 / 1801.0).isCloseTo(1.44, offset(0.005));
        assertThat(catalog.get("shopify").canvas()).isEqualTo(PresetCanvas.exact(2048, 2048));
        assertThat(catalog.get("etsy").canvas()).isEqualTo(PresetCanvas.longestSide(2000));
        assertThat(catalog.get("etsy").composeSpec().fitToProduct()).isTrue();
    }

    @Test
    void theDefaultPresetComposesAsBefore() {
        assertThat(catalog.get(PresetCatalog.DEFAULT).composeSpec()).isEqualTo(ComposeSpec.defaults());
        assertThat(catalog.get(PresetCatalog.DEFAULT).format()).isEqualTo(RenditionFormat.JPEG);
    }

    @Test
    void anUnknownPresetListsTheKnownOnes() {
        assertThatThrownBy(() -> catalog.get("billboard")).isInstanceOf(UnknownPresetException.class)
                .hasMessage("unknown preset 'billboard'; known presets: amazon-main, etsy, shopify, white-square-2000, "
                        + "zalando");
        assertThat(catalog.contains("billboard")).isFalse();
        assertThat(catalog.contains(null)).isFalse();
    }

    @Test
    void brandPresetsComeFromConfiguration() {
        PresetCatalog configured = new PresetCatalog(bind(Map.of(
                "studioflow.presets.acme-grey.label", "ACME shop",
                "studioflow.presets.acme-grey.based-on", "shopify",
                "studioflow.presets.acme-grey.background", "#F2EEE8",
                "studioflow.presets.acme-grey.margin", "0.1",
                "studioflow.presets.acme-grey.shadow", "drop",
                "studioflow.presets.acme-grey.format", "webp",
                "studioflow.presets.acme-clear.format", "png-alpha",
                "studioflow.presets.acme-clear.longest-side", "1600",
                "studioflow.data-dir", "./elsewhere")));
        assertThat(configured.names()).contains("acme-clear", "acme-grey", "amazon-main");

        Preset grey = configured.get("acme-grey");
        assertThat(grey.label()).isEqualTo("ACME shop");
        assertThat(grey.canvas()).isEqualTo(PresetCanvas.exact(2048, 2048));
        assertThat(grey.background()).isEqualTo(new BgrColour(0xE8, 0xEE, 0xF2));
        assertThat(grey.shadow()).isEqualTo(ShadowStyle.DROP);
        assertThat(grey.format()).isEqualTo(RenditionFormat.WEBP);
        ComposeSpec greySpec = grey.composeSpec();
        assertThat(greySpec.fillRatio()).isEqualTo(0.8, offset(1e-9)); // the margins leave 80%
        assertThat(greySpec.background()).isEqualTo(grey.background());

        Preset clear = configured.get("acme-clear");
        assertThat(clear.label()).isEqualTo("acme-clear");
        assertThat(clear.canvas()).isEqualTo(PresetCanvas.longestSide(1600));
        assertThat(clear.minLongestSide()).isEqualTo(1000); // the base preset's minimum
        assertThat(clear.composeSpec().transparent()).isTrue();
    }

    @Test
    void aMalformedBrandPresetNamesItsProperty() {
        assertThatThrownBy(() -> new PresetCatalog(bind(Map.of("studioflow.presets.acme.background", "light grey"))))
                .hasMessage("studioflow.presets.acme: colour must be written as #RRGGBB (e.g. #F5F5F5), was 'light grey'");
        assertThatThrownBy(() -> new PresetCatalog(bind(Map.of("studioflow.presets.acme.based-on", "ebay"))))
                .hasMessage("studioflow.presets.acme.based-on: unknown preset 'ebay'; built-in presets: amazon-main, etsy, "
                        + "shopify, white-square-2000, zalando");
        assertThatThrownBy(() -> new PresetCatalog(bind(Map.of("studioflow.presets.amazon-main.fill", "0.9"))))
                .hasMessageStartingWith("studioflow.presets.amazon-main: 'amazon-main' is a built-in preset");
        assertThatThrownBy(() -> new PresetCatalog(bind(Map.of("studioflow.presets.acme.longest-side", "1600",
                "studioflow.presets.acme.width", "1200"))))
                .hasMessage("studioflow.presets.acme: set either longest-side or width and height, not both");
        assertThatThrownBy(() -> new PresetCatalog(bind(Map.of("studioflow.presets.acme.margin", "0.6"))))
                .hasMessage("studioflow.presets.acme: preset acme: margin must be 0..0.4 of the canvas, was 0.6");
        assertThatThrownBy(() -> new PresetCatalog(bind(Map.of("studioflow.presets.Acme_Shop.fill", "0.8"))))
                .hasMessageContaining("preset name must be 1-64 lower-case letters, digits or '-'");
    }

    private static PresetProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bind("studioflow", PresetProperties.class)
                .orElseGet(() -> new PresetProperties(Map.of()));
    }
}
