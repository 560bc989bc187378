package io.studioflow.publishing.preset;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.studioflow.platform.search.SearchIndex;
import io.studioflow.platform.search.SearchIndices;
import io.studioflow.platform.search.VersionedDocuments;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Repository;

/** The presets in Elasticsearch, one document per preset (id = name), written create-only or compare-and-set. */
@Repository
public class PresetStore extends VersionedDocuments<PresetDocument> {

    @Autowired
    public PresetStore(ElasticsearchClient client, SearchIndices indices) {
        this(client, indices.name(SearchIndex.PRESETS));
    }

    /** A store on a named index (a node that may not even be there, in tests). */
    PresetStore(ElasticsearchClient client, String index) {
        super(client, index, PresetDocument.class, PresetDocument::id, "preset");
    }
}
