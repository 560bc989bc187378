package io.studioflow.publishing.preset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.studioflow.platform.imaging.OpenCv;
import io.studioflow.testing.IntegrationTest;
import io.studioflow.testing.StudioPhotos;
import io.studioflow.testing.StudioflowApi.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/**
 * A manager's edit reaches the workers: the Zalando preset's fill and background are changed over the REST API, and
 * the next photo uploaded with that preset is published with exactly that fill and background, measured on the
 * published file. The preset is put back afterwards (the application is shared by every test).
 */
class PresetEditEndToEndTest extends IntegrationTest {

    private static final String PRESET = "zalando";
    private static final double EDITED_FILL = 0.6;
    /** RGB 230, 238, 245: a light blue-grey no other preset uses. */
    private static final String EDITED_BACKGROUND = "#E6EEF5";

    static {
        OpenCv.load();
    }

    @Test
    void aNewImageIsComposedWithTheEditedFillAndBackground() throws Exception {
        JsonNode original = api.get("manager", "/api/presets/" + PRESET).body();
        ObjectNode edit = original.deepCopy();
        edit.put("fill", EDITED_FILL);
        edit.put("background", EDITED_BACKGROUND);
        Response saved = put(edit);
        assertThat(saved.status()).as(saved.raw()).isEqualTo(200);
        try {
            String sku = "PRESET-E2E-" + UUID.randomUUID().toString().substring(0, 6);
            Response upload = api.postMultipart("photographer", "/api/images",
                    Map.of("sku", sku, "brand", "acme", "preset", PRESET), "vase.jpg", StudioPhotos.packshot("coffee.png"));
            assertThat(upload.status()).as(upload.raw()).isEqualTo(202);
            String id = upload.text("id");

            JsonNode image = api.awaitStatus(id, "PUBLISHED", "IN_REVIEW", "RETAKE", "REJECTED");
            if (image.path("status").asText().equals("IN_REVIEW")) {
                // a person may be asked to look; approving publishes the automated rendition unchanged
                String taskId = api.awaitTask("manager", id).path("id").asText();
                assertThat(api.post("manager", "/api/tasks/" + taskId + "/claim").status()).isEqualTo(200);
                assertThat(api.postJson("manager", "/api/tasks/" + taskId + "/complete",
                        Map.of("decision", "APPROVE")).status()).isEqualTo(200);
                image = api.awaitStatus(id, "PUBLISHED", "REJECTED");
            }
            assertThat(image.path("status").asText()).as(image.toString()).isEqualTo("PUBLISHED");
            JsonNode main = image.path("renditions").get(0);
            Path published = dataDir().resolve("published").resolve(main.path("path").asText());

            Mat rendition = Imgcodecs.imdecode(new MatOfByte(Files.readAllBytes(published)), Imgcodecs.IMREAD_COLOR);
            try {
                assertThat(rendition.cols()).isEqualTo(1801);
                assertThat(rendition.rows()).isEqualTo(2600);
                // the frame's corners are the edited colour (BGR order), give or take JPEG's rounding
                double[] corner = Core.mean(rendition.submat(new Rect(0, 0, 40, 40))).val;
                assertThat(corner[0]).isCloseTo(245, within(3.0));
                assertThat(corner[1]).isCloseTo(238, within(3.0));
                assertThat(corner[2]).isCloseTo(230, within(3.0));
                assertThat(measuredFill(rendition, new Scalar(245, 238, 230))).isCloseTo(EDITED_FILL, within(0.03));
            } finally {
                rendition.release();
            }
        } finally {
            JsonNode now = api.get("manager", "/api/presets/" + PRESET).body();
            ObjectNode restore = original.deepCopy();
            restore.put("version", now.path("version").asLong());
            Response restored = put(restore);
            assertThat(restored.status()).as(restored.raw()).isEqualTo(200);
        }
    }

    /** The product's bounding box (everything clearly off the background) as the composer measures fill. */
    private static double measuredFill(Mat bgr, Scalar background) {
        Mat difference = new Mat();
        Mat channel = new Mat();
        Mat largest = new Mat();
        Mat foreground = new Mat();
        try {
            Core.absdiff(bgr, background, difference);
            Core.extractChannel(difference, largest, 0);
            for (int c = 1; c < 3; c++) {
                Core.extractChannel(difference, channel, c);
                Core.max(largest, channel, largest);
            }
            Imgproc.threshold(largest, foreground, 16, 255, Imgproc.THRESH_BINARY);
            Rect box = Imgproc.boundingRect(foreground);
            return Math.max(box.width / (double) bgr.cols(), box.height / (double) bgr.rows());
        } finally {
            difference.release();
            channel.release();
            largest.release();
            foreground.release();
        }
    }

    private Response put(JsonNode body) {
        return api.request("manager", HttpMethod.PUT, "/api/presets/" + PRESET, body.toString(),
                MediaType.APPLICATION_JSON);
    }
}
