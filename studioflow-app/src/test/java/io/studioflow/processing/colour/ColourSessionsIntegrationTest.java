package io.studioflow.processing.colour;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.studioflow.platform.imaging.ImageCodec;
import io.studioflow.processing.colour.ColourSessions.Stage;
import io.studioflow.testing.IntegrationTest;
import io.studioflow.testing.StudioPhotos;
import io.studioflow.testing.StudioflowApi.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.springframework.beans.factory.annotation.Autowired;

/** Photo shoots keep their light in Elasticsearch, and the flow matches a shoot's photos to it. */
class ColourSessionsIntegrationTest extends IntegrationTest {

    @Autowired
    private ColourSessions sessions;

    @Autowired
    private ImageCodec codec;

    private static ColourMeasurement measured(double red, double subjectLuminance) {
        double blue = 1 / red;
        return new ColourMeasurement(new WhiteBalanceGains(blue, 1, red), 0.8, subjectLuminance,
                NeutralReference.BACKGROUND);
    }

    @Test
    void aSessionsReferenceIsTheMedianOfItsPhotosAndARetakeReplacesItsOwn() {
        String session = "shoot-" + UUID.randomUUID();
        sessions.record(session, Stage.COLOUR, "img-a", measured(1.10, 0.20));
        sessions.record(session, Stage.COLOUR, "img-b", measured(1.00, 0.30));
        sessions.record(session, Stage.COLOUR, "img-c", measured(0.90, 0.90)); // a misfired lamp
        BatchColourReference reference = sessions.reference(session, Stage.COLOUR).orElseThrow();
        assertThat(reference.photos()).isEqualTo(3);
        assertThat(reference.subjectLuminance()).as("median, not mean").isEqualTo(0.30);
        assertThat(sessions.referenceWithout(session, Stage.COLOUR, "img-b").orElseThrow().photos()).isEqualTo(2);

        sessions.record(session, Stage.COLOUR, "img-c", measured(0.95, 0.25)); // retaken
        BatchColourReference retaken = sessions.reference(session, Stage.COLOUR).orElseThrow();
        assertThat(retaken.photos()).isEqualTo(3);
        assertThat(retaken.subjectLuminance()).isEqualTo(0.25);
        assertThat(sessions.reference(session, Stage.CAPTURE)).as("stages are kept apart").isEmpty();
        assertThat(sessions.photos("another-" + session, Stage.COLOUR)).isEmpty();
    }

    @Test
    void photosOfOneShootAreCorrectedAgainstTheShootsLight() {
        String session = "flow-shoot-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] neutral = StudioPhotos.packshot("coffee.png");
        byte[] warmAndDark = cast(neutral, 0.75, 0.85, 1.0);
        String first = upload("SESSION-1", session, neutral);
        api.awaitStatus(first, "PUBLISHED", "IN_REVIEW", "RETAKE", "REJECTED");
        String second = upload("SESSION-2", session, warmAndDark);
        api.awaitStatus(second, "PUBLISHED", "IN_REVIEW", "RETAKE", "REJECTED");

        JsonNode firstColour = colourStep(first);
        JsonNode secondColour = colourStep(second);
        assertThat(firstColour.path("scores").path("session").asText()).isEqualTo(session);
        assertThat(firstColour.path("scores").path("sessionPhotos").asInt()).isEqualTo(1);
        assertThat(secondColour.path("scores").path("sessionPhotos").asInt()).isEqualTo(2);
        assertThat(sessions.photos(session, Stage.COLOUR)).extracting(ColourSessions.SessionPhoto::imageId)
                .containsExactly(first, second);
        // capture QC compared the second shot with the first: the warm, darker one is noted
        JsonNode secondQc = step(second, "capture-qc");
        assertThat(secondQc.path("scores").path("sessionWhitePointShift").asDouble()).isGreaterThan(5);
        assertThat(secondQc.path("scores").path("sessionBrightnessStops").asDouble()).isLessThan(-0.2);
        assertThat(step(first, "capture-qc").path("scores").has("sessionWhitePointShift"))
                .as("the shoot's first photo has nothing to be compared with").isFalse();
    }

    @Test
    void aSessionNameThatIsNotAPlainNameIsRefused() {
        Response response = api.postMultipart("photographer", "/api/images",
                Map.of("sku", "SESSION-BAD", "session", "../etc"), "p.jpg", StudioPhotos.packshot("coffee.png"));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.raw()).contains("session must be");
    }

    private String upload(String sku, String session, byte[] photo) {
        Response response = api.postMultipart("photographer", "/api/images",
                Map.of("sku", sku, "brand", "acme", "session", session), sku + ".jpg", photo);
        assertThat(response.status()).as(response.raw()).isEqualTo(202);
        return response.text("id");
    }

    private JsonNode colourStep(String imageId) {
        return step(imageId, "colour");
    }

    private JsonNode step(String imageId, String step) {
        List<JsonNode> history = api.history(imageId);
        return history.stream().filter(e -> e.path("step").asText().equals(step)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + step + " step in " + history));
    }

    /** The same photo under other light: each channel scaled (blue, green, red). */
    private byte[] cast(byte[] jpeg, double blue, double green, double red) {
        Mat photo = codec.decodeBgr(jpeg);
        try {
            Core.multiply(photo, new Scalar(blue, green, red), photo);
            return StudioPhotos.jpeg(photo);
        } finally {
            photo.release();
        }
    }
}
