package org.hospay.simulator.insurance;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.hospay.simulator.wire.Money;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The platform's wire conventions, shared by every interface family: Beijing time and its formats,
 * and reading and writing the fields of {@code input} and {@code output}.
 */
final class InsuranceJson {

    static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private InsuranceJson() {}

    static ObjectNode obj() {
        return EnvelopeWire.JSON.createObjectNode();
    }

    static ObjectNode wrap(String name, JsonNode value) {
        ObjectNode o = obj();
        o.set(name, value);
        return o;
    }

    static String str(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || v.asString().isBlank()) throw new IllegalArgumentException(field + " 不能为空");
        return v.asString().strip();
    }

    static String opt(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? "" : v.asString().strip();
    }

    /** A yuan amount from the wire, exactly, in fen (more than two decimals is an input error). */
    static long fen(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) throw new IllegalArgumentException(field + " 不能为空");
        return Money.ofYuan(v.isNumber() ? v.decimalValue().toPlainString() : v.asString()).fen();
    }

    static BigDecimal yuan(long fen) {
        return BigDecimal.valueOf(fen, 2);
    }
}
