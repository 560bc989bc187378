package io.studioflow.platform.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * Names the indices (with a configurable prefix), creates any that are missing at start-up and brings the
 * mappings and dynamic settings of existing ones up to date (fields are only ever added, so this is safe
 * on an index written by an older version).
 */
@Component
public class SearchIndices {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ElasticsearchClient client;
    private final String prefix;

    public SearchIndices(ElasticsearchClient client, @Value("${studioflow.search.index-prefix:studioflow}") String prefix) {
        this.client = client;
        this.prefix = prefix;
        for (SearchIndex index : SearchIndex.values()) {
            createIfMissing(index);
        }
    }

    public String name(SearchIndex index) {
        return prefix + "-" + index.shortName();
    }

    private void createIfMissing(SearchIndex index) {
        String name = name(index);
        try {
            if (client.indices().exists(e -> e.index(name)).value()) {
                update(index, name);
                return;
            }
            try (InputStream mapping = new ClassPathResource("elasticsearch/" + index.shortName() + ".json").getInputStream()) {
                client.indices().create(c -> c.index(name).withJson(mapping));
            }
        } catch (IOException | ElasticsearchException e) {
            // a second replica may have created it at the same moment
            if (!exists(name)) {
                throw SearchErrors.unchecked("could not create index " + name, e);
            }
        }
    }

    private void update(SearchIndex index, String name) throws IOException {
        ObjectNode definition;
        try (InputStream in = new ClassPathResource("elasticsearch/" + index.shortName() + ".json").getInputStream()) {
            definition = (ObjectNode) JSON.readTree(in);
        }
        byte[] mappings = JSON.writeValueAsBytes(definition.get("mappings"));
        client.indices().putMapping(m -> m.index(name).withJson(new ByteArrayInputStream(mappings)));
        ObjectNode settings = ((ObjectNode) definition.get("settings")).deepCopy();
        settings.remove("number_of_shards"); // static: fixed when the index was created
        byte[] dynamicSettings = JSON.writeValueAsBytes(settings);
        client.indices().putSettings(p -> p.index(name).withJson(new ByteArrayInputStream(dynamicSettings)));
    }

    private boolean exists(String name) {
        try {
            return client.indices().exists(e -> e.index(name)).value();
        } catch (IOException e) {
            throw new UncheckedIOException("could not check index " + name, e);
        }
    }
}
