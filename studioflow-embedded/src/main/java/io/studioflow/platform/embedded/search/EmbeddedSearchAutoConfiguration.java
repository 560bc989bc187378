package io.studioflow.platform.embedded.search;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchClientAutoConfiguration;
import org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchConnectionDetails;
import org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchRestClientAutoConfiguration;
import org.springframework.boot.autoconfigure.elasticsearch.ReactiveElasticsearchClientAutoConfiguration;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Starts an {@link EmbeddedSearchNode} and points Spring Boot's Elasticsearch clients at it, unless
 * {@code spring.elasticsearch.uris} names a cluster or {@code studioflow.search.embedded=false}.
 *
 * <p>Properties: {@code studioflow.data-dir} (default {@code ./data}; the node uses its
 * {@code elasticsearch/} sub-directory), {@code studioflow.search.node-lib} (default: see
 * {@link EmbeddedSearchNode#defaultLibDir()}), {@code studioflow.search.start-timeout} (default 2 minutes).
 */
@AutoConfiguration(before = {
        ElasticsearchRestClientAutoConfiguration.class,
        ElasticsearchClientAutoConfiguration.class,
        ReactiveElasticsearchClientAutoConfiguration.class })
@ConditionalOnClass(name = "org.elasticsearch.client.RestClient")
@ConditionalOnProperty(name = "studioflow.search.embedded", havingValue = "true", matchIfMissing = true)
@Conditional(EmbeddedSearchAutoConfiguration.NoClusterConfigured.class)
@ConditionalOnMissingBean(ElasticsearchConnectionDetails.class)
public class EmbeddedSearchAutoConfiguration {

    static final Duration DEFAULT_START_TIMEOUT = Duration.ofMinutes(2);

    /** Started here, stopped when the last context using the same data dir closes (see {@link SharedSearchNodes}). */
    @Bean(destroyMethod = "close")
    SharedSearchNodes.Lease embeddedSearchNodeLease(Environment environment) {
        // the Binder converts "2m", "PT2M" and relaxed names just as @ConfigurationProperties would
        Binder binder = Binder.get(environment);
        Path dataDir = binder.bind("studioflow.data-dir", Path.class).orElse(Path.of("./data"));
        Duration timeout = binder.bind("studioflow.search.start-timeout", Duration.class).orElse(DEFAULT_START_TIMEOUT);
        Path libDir = binder.bind(EmbeddedSearchNode.LIB_DIR_PROPERTY, Path.class).orElseGet(EmbeddedSearchNode::defaultLibDir);
        return SharedSearchNodes.lease(libDir, dataDir, timeout);
    }

    @Bean(destroyMethod = "") // the lease stops it
    EmbeddedSearchNode embeddedSearchNode(SharedSearchNodes.Lease lease) {
        return lease.node();
    }

    @Bean
    ElasticsearchConnectionDetails embeddedSearchConnectionDetails(EmbeddedSearchNode node) {
        return new EmbeddedSearchConnectionDetails(node);
    }

    /** Boot's rest clients connect to whatever nodes this reports. */
    record EmbeddedSearchConnectionDetails(EmbeddedSearchNode node) implements ElasticsearchConnectionDetails {
        @Override
        public List<Node> getNodes() {
            return List.of(new Node(node.uri().getHost(), node.httpPort(), Node.Protocol.HTTP));
        }
    }

    /** True when {@code spring.elasticsearch.uris} is absent, in any of its forms (list, env var, index). */
    static class NoClusterConfigured extends SpringBootCondition {
        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            boolean urisSet = Binder.get(context.getEnvironment())
                    .bind("spring.elasticsearch.uris", Bindable.listOf(String.class))
                    .isBound();
            return urisSet
                    ? ConditionOutcome.noMatch("spring.elasticsearch.uris is set: using that cluster")
                    : ConditionOutcome.match("no spring.elasticsearch.uris: starting the embedded node");
        }
    }
}
