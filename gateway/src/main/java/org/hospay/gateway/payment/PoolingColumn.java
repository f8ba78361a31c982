package org.hospay.gateway.payment;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Parameters;
import tools.jackson.databind.json.JsonMapper;

/** The {@code payment.pooling} column (V9): the platform's pooling explanation as JSON, null when there is none. */
final class PoolingColumn {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private PoolingColumn() {}

    static Object write(InsurancePort.Pooling pooling) {
        return pooling == null ? Parameters.in(Json.class) : Json.of(JSON.writeValueAsString(pooling));
    }

    static InsurancePort.Pooling read(Json column) {
        return column == null ? null : JSON.readValue(column.asString(), InsurancePort.Pooling.class);
    }
}
