/**
 * The embedded Elasticsearch node for development, demos and tests: a real single-node server in a child
 * JVM ({@link io.studioflow.platform.embedded.search.EmbeddedSearchNode}) that Spring Boot's Elasticsearch
 * client is pointed at when no {@code spring.elasticsearch.uris} is configured
 * ({@link io.studioflow.platform.embedded.search.EmbeddedSearchAutoConfiguration}).
 */
package io.studioflow.platform.embedded.search;
