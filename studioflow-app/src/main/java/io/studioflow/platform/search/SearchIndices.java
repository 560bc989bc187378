package io.studioflow.platform.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/** Names the indices (with a configurable prefix) and creates any that are missing at start-up. */
@Component
public class SearchIndices {

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

    private boolean exists(String name) {
        try {
            return client.indices().exists(e -> e.index(name)).value();
        } catch (IOException e) {
            throw new UncheckedIOException("could not check index " + name, e);
        }
    }
}
