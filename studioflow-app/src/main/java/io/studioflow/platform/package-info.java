/** Cross-cutting runtime: storage, Elasticsearch indices, security, imaging primitives. */
package io.studioflow.platform;
