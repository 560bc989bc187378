package io.studioflow.ingest.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.studioflow.ingest.ImageRequestException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FileNamePatternTest {

    private static Optional<FileNamePattern.Match> byDefaults(String name) {
        List<FileNamePattern> patterns = FileNamePattern.orDefaults(null);
        return patterns.stream().map(p -> p.match(name)).flatMap(Optional::stream).findFirst();
    }

    @Test
    void theDefaultsReadSkuAndAngle() {
        assertThat(byDefaults("TSHIRT-042_front.jpg")).contains(new FileNamePattern.Match("TSHIRT-042", "front"));
        assertThat(byDefaults("TSHIRT-042.jpg")).contains(new FileNamePattern.Match("TSHIRT-042", null));
        assertThat(byDefaults("IMG 0001.jpg")).isEmpty();
        assertThat(byDefaults("../../etc/passwd")).isEmpty();
    }

    @Test
    void aPatternOfItsOwn() {
        FileNamePattern pattern = FileNamePattern.parse("{angle}-{sku}.{any}");
        assertThat(pattern.match("back-BAG.7.png")).contains(new FileNamePattern.Match("BAG.7", "back"));
        assertThat(FileNamePattern.parse("shoot_{any}_{sku}.jpg").match("shoot_0412_RING-9.jpg"))
                .contains(new FileNamePattern.Match("RING-9", null));
    }

    @Test
    void aWrongPatternIsRefusedWithItsReason() {
        assertThatThrownBy(() -> FileNamePattern.parse("{angle}.jpg")).isInstanceOf(ImageRequestException.class)
                .hasMessageContaining("must contain {sku}");
        assertThatThrownBy(() -> FileNamePattern.parse("{sku}_{colour}.jpg")).hasMessageContaining("unknown placeholder {colour}");
        assertThatThrownBy(() -> FileNamePattern.parse("{sku}{sku}")).hasMessageContaining("twice");
        assertThatThrownBy(() -> FileNamePattern.parse("{sku}" + "x".repeat(200))).hasMessageContaining("longer");
    }

    @Test
    void regexCharactersAreLiteral() {
        // what would be a catastrophic regular expression is plain text here
        FileNamePattern pattern = FileNamePattern.parse("(a+)+{sku}.jpg");
        assertThat(pattern.match("(a+)+X1.jpg")).contains(new FileNamePattern.Match("X1", null));
        assertThat(pattern.match("a".repeat(250) + "!")).isEmpty();
    }
}
