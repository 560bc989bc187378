package io.studioflow.flows;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.studioflow.platform.search.SearchIndex;
import io.studioflow.platform.search.SearchIndices;
import io.studioflow.platform.search.VersionedDocuments;
import org.springframework.stereotype.Repository;

/** The flow templates in Elasticsearch, one document per template (id = its name). */
@Repository
class FlowTemplateStore extends VersionedDocuments<FlowTemplate> {

    FlowTemplateStore(ElasticsearchClient client, SearchIndices indices) {
        super(client, indices.name(SearchIndex.FLOW_TEMPLATES), FlowTemplate.class, FlowTemplate::id, "flow template");
    }
}
