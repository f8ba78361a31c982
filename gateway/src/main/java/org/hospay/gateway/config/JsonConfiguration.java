package org.hospay.gateway.config;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.MapperFeature;

/** How request bodies are read. */
@Configuration(proxyBeanMethods = false)
class JsonConfiguration {

    /**
     * Money and quantities are JSON numbers (docs/api.md §1): {@code "2350"} is refused as malformed rather
     * than coerced, so a client that sends strings learns it at once instead of by a mis-read amount.
     */
    @Bean
    JsonMapperBuilderCustomizer strictScalars() {
        return builder -> builder.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS);
    }
}
