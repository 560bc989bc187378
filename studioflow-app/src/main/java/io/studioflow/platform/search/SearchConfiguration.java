package io.studioflow.platform.search;

import co.elastic.clients.json.JsonpMapper;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.http.Header;
import org.apache.http.HttpHeaders;
import org.apache.http.message.BasicHeader;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.elasticsearch.RestClientBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

@Configuration(proxyBeanMethods = false)
class SearchConfiguration {

    /** Documents are our records: ISO times, no nulls, tolerant of fields added by later versions. */
    @Bean
    JsonpMapper jsonpMapper(ObjectMapper applicationMapper) {
        ObjectMapper mapper = applicationMapper.copy()
                .setSerializationInclusion(JsonInclude.Include.NON_NULL)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        return new JacksonJsonpMapper(mapper);
    }

    /**
     * An Elasticsearch API key ({@code studioflow.search.api-key}, the {@code encoded} value Elasticsearch answers when
     * the key is created) sent with every request; Spring Boot's own settings know only a user and password.
     */
    @Bean
    @ConditionalOnProperty("studioflow.search.api-key")
    RestClientBuilderCustomizer elasticsearchApiKey(@Value("${studioflow.search.api-key}") String apiKey, Environment env) {
        return apiKeyHeader(apiKey, env);
    }

    static RestClientBuilderCustomizer apiKeyHeader(String apiKey, Environment env) {
        if (env.containsProperty("spring.elasticsearch.username")) {
            throw new IllegalStateException("Elasticsearch is given both an API key (studioflow.search.api-key) and a user "
                    + "(spring.elasticsearch.username): set one of them");
        }
        if (apiKey.isBlank()) {
            throw new IllegalStateException("studioflow.search.api-key is set but empty");
        }
        Header[] headers = {new BasicHeader(HttpHeaders.AUTHORIZATION, "ApiKey " + apiKey.strip())};
        return builder -> builder.setDefaultHeaders(headers);
    }
}
