package io.studioflow.platform.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.studioflow.platform.imaging.InvalidImageException.Reason;
import io.studioflow.testing.HostilePhotos;
import io.studioflow.testing.TestPhotos;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** PNG bombs the header cannot show, and the animated PNGs the header does show; real PNGs of every kind pass. */
class PngImageDataTest {

    private final ImageCodec codec = new ImageCodec();

    @Test
    void imageDataInflatingFarBeyondTheDeclaredRowsIsRefusedWithoutInflatingIt() {
        byte[] bomb = HostilePhotos.idatBomb(1000, 1000, 256L << 20);
        ImageInfo info = codec.probe(bomb); // the header alone looks fine

        long started = System.nanoTime();
        InvalidImageException refused = catchThrowableOfType(InvalidImageException.class,
                () -> codec.requireNoDecompressionBomb(bomb, info));
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(refused.reason()).isEqualTo(Reason.CORRUPT);
        assertThat(refused.getMessage()).isEqualTo(
                "corrupt PNG: its image data inflates to more than the 1000x1000 px it declares (a decompression bomb)");
        // inflating all 256 MB takes libpng over a second; stopping after the 3 MB the header allows, milliseconds
        System.out.printf("IDAT bomb (%d KB, inflates to 256 MB) refused in %d ms%n", bomb.length / 1024, millis);
    }

    @ParameterizedTest
    @ValueSource(ints = {BufferedImage.TYPE_BYTE_INDEXED, BufferedImage.TYPE_BYTE_BINARY, BufferedImage.TYPE_BYTE_GRAY,
            BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_USHORT_GRAY, BufferedImage.TYPE_3BYTE_BGR})
    void realPngsOfEveryDepthAndLayoutPass(int type) throws IOException {
        for (boolean interlaced : new boolean[] {false, true}) {
            for (int[] size : new int[][] {{1, 1}, {3, 5}, {13, 7}, {999, 601}}) {
                byte[] png = png(type, size[0], size[1], interlaced);
                assertThatCode(() -> codec.requireNoDecompressionBomb(png, codec.probe(png)))
                        .as("type %d, %dx%d, interlaced %s", type, size[0], size[1], interlaced).doesNotThrowAnyException();
            }
        }
    }

    @Test
    void photosAsOpenCvAndCamerasWriteThemPass() {
        for (String photo : new String[] {"coffee.png", "astronaut.png", "chelsea.png"}) {
            byte[] png = TestPhotos.bytes(photo);
            assertThatCode(() -> codec.requireNoDecompressionBomb(png, codec.probe(png))).as(photo)
                    .doesNotThrowAnyException();
        }
        byte[] huge = HostilePhotos.hugeWhitePng(3000, 3000);
        assertThatCode(() -> codec.requireNoDecompressionBomb(huge, codec.probe(huge))).doesNotThrowAnyException();
    }

    @Test
    void animatedPngIsRefusedLikeAnimatedWebp() {
        byte[] apng = HostilePhotos.animatedPng(TestPhotos.bytes("coffee.png"));

        InvalidImageException refused = catchThrowableOfType(InvalidImageException.class, () -> codec.probe(apng));

        assertThat(refused.reason()).isEqualTo(Reason.UNRECOGNISED);
        assertThat(refused.getMessage()).isEqualTo("animated PNG is not supported: upload a still photo");
    }

    private static byte[] png(int type, int width, int height, boolean interlaced) throws IOException {
        BufferedImage image = new BufferedImage(width, height, type);
        Random random = new Random(width * 31L + height);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt());
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (interlaced) {
                param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT); // Adam7
            }
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
