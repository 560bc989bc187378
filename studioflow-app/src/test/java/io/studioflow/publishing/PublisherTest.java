package io.studioflow.publishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublisherTest {

    @TempDir
    Path root;

    @Test
    void writesUnderTheSkuFolder() throws Exception {
        Publisher publisher = new Publisher(root);
        String path = publisher.publish("MUG-001", "img-1", "main", ".jpg", new byte[] {1, 2, 3});

        assertThat(path).isEqualTo("MUG-001/img-1-main.jpg");
        assertThat(Files.readAllBytes(root.resolve(path))).containsExactly(1, 2, 3);
        try (var files = Files.list(root.resolve("MUG-001"))) {
            assertThat(files.toList()).as("no temporary file left behind").hasSize(1);
        }
    }

    @Test
    void refusesNamesThatLeaveThePublishFolder() {
        Publisher publisher = new Publisher(root);
        assertThatThrownBy(() -> publisher.publish("..", "img", "main", ".jpg", new byte[1]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> publisher.publish("a/../../b", "img", "main", ".jpg", new byte[1]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> publisher.publish("SKU", "../img", "main", ".jpg", new byte[1]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
