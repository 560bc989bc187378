package io.studioflow.ingest.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.studioflow.ingest.ImageRequestException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BatchManifestTest {

    private static BatchManifest parse(String csv) {
        return BatchManifest.parse(csv.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void mapsFileNamesToSkuAndAngleInAnyColumnOrder() {
        BatchManifest manifest = parse("\uFEFFAngle,SKU,File,Ignored\r\nfront,TEE-1,shots/tee1.jpg,x\nback,TEE-1,tee2.jpg,\n");
        assertThat(manifest.size()).isEqualTo(2);
        assertThat(manifest.find("tee1.jpg")).contains(new BatchManifest.Row("tee1.jpg", "TEE-1", "front", null, null));
        assertThat(manifest.find("archive/folder/TEE2.JPG")).get().extracting(BatchManifest.Row::angle).isEqualTo("back");
        assertThat(manifest.find("other.jpg")).isEmpty();
    }

    @Test
    void readsQuotedFieldsAndSemicolons() {
        BatchManifest manifest = parse("file;sku;brand\n\"a;b.jpg\";SKU-2;\"ACME \"\"Deluxe\"\"\"\n");
        assertThat(manifest.find("a;b.jpg")).get().extracting(BatchManifest.Row::brand).isEqualTo("ACME \"Deluxe\"");
    }

    @Test
    void namesWhatIsWrong() {
        assertThatThrownBy(() -> parse("name,code\nx.jpg,1\n")).isInstanceOf(ImageRequestException.class)
                .hasMessageContaining("'file' and 'sku'");
        assertThatThrownBy(() -> parse("file,sku\nx.jpg,1\nx.jpg,2\n")).hasMessageContaining("x.jpg twice (line 3)");
        assertThatThrownBy(() -> parse("file,sku\n\"x.jpg,1\n")).hasMessageContaining("closing \"");
        assertThatThrownBy(() -> parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> BatchManifest.parse(new byte[]{'f', 'i', (byte) 0xC3, (byte) 0x28}))
                .hasMessageContaining("UTF-8");
        assertThatThrownBy(() -> BatchManifest.parse(new byte[BatchManifest.MAX_BYTES + 1])).hasMessageContaining("larger");
    }
}
