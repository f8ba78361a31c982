package org.hospay.channels.commercial;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;
import org.hospay.channels.DeclineCodes;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import org.hospay.channels.Statement;
import org.hospay.channels.commercial.CommercialInsurer.Claim;
import org.hospay.channels.commercial.CommercialInsurer.ClaimRequest;
import org.hospay.channels.commercial.CommercialInsurer.ClaimStatus;
import org.hospay.channels.commercial.CommercialInsurer.Item;
import org.hospay.channels.commercial.CommercialInsurer.Policy;
import org.hospay.channels.commercial.CommercialInsurer.PreCalculation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Pure mapping of the commercial-insurer protocol: request bodies, and answers to outcomes. */
final class CommercialMapping {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private CommercialMapping() {}

    /** The insurer's result codes. */
    enum ResultCode {
        SUCCESS, POLICY_NOT_FOUND, NOT_COVERED, LIMIT_EXHAUSTED, CLAIM_NOT_FOUND, ALREADY_CANCELLED, DUPLICATE_REQUEST,
        INVALID_SIGNATURE, INVALID_REQUEST, SYSTEM_ERROR,
        /** Any code this version does not know: the insurer may have acted, so Unknown. */
        UNRECOGNISED
    }

    /** The constant of {@code type} named exactly {@code name}; empty for anything else. */
    static <E extends Enum<E>> Optional<E> named(Class<E> type, String name) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(name)) return Optional.of(e);
        }
        return Optional.empty();
    }

    static final class Malformed extends RuntimeException {
        Malformed(String message) {
            super(message);
        }
    }

    static ObjectNode claimBody(String partnerId, String outClaimNo, ClaimRequest r) {
        ObjectNode body = F.objectNode().put("partnerId", partnerId);
        if (outClaimNo != null) body.put("outClaimNo", outClaimNo);
        body.put("policyNo", r.policyNo() == null ? "" : r.policyNo());
        body.putObject("insured").put("name", r.name()).put("idNo", r.idNo());
        body.put("billNo", r.billNo()).put("totalFen", r.total().fen()).put("insuranceFundFen", r.insuranceFund().fen())
                .put("personalAccountFen", r.personalAccount().fen());
        ArrayNode items = body.putArray("items");
        for (Item i : r.items()) {
            items.addObject().put("code", i.code()).put("name", i.name()).put("category", i.category()).put("amountFen", i.amount().fen());
        }
        return body;
    }

    static ObjectNode policyBody(String partnerId, String name, String idNo) {
        ObjectNode body = F.objectNode().put("partnerId", partnerId);
        body.putObject("insured").put("name", name).put("idNo", idNo);
        return body;
    }

    static ObjectNode queryBody(String partnerId, String outClaimNo) {
        return F.objectNode().put("partnerId", partnerId).put("outClaimNo", outClaimNo);
    }

    static ObjectNode cancelBody(String partnerId, String outCancelNo, String outClaimNo, String reason) {
        return F.objectNode().put("partnerId", partnerId).put("outCancelNo", outCancelNo).put("outClaimNo", outClaimNo)
                .put("reason", reason == null ? "" : reason);
    }

    /** SUCCESS → the mapped data; SYSTEM_ERROR or an unknown code → Unknown; every other code → Declined with that code. */
    static <T> Outcome<T> outcome(JsonNode answer, Function<JsonNode, T> mapData) {
        String code = answer.path("code").asString("");
        String message = answer.path("message").asString("");
        ResultCode rc = named(ResultCode.class, code).orElse(ResultCode.UNRECOGNISED);
        return switch (rc) {
            case SUCCESS -> {
                try {
                    yield Outcome.succeeded(mapData.apply(answer.path("data")));
                } catch (Malformed | IllegalArgumentException | DateTimeParseException e) {
                    yield Outcome.unknown("commercial insurer SUCCESS with data we cannot read: " + e.getMessage());
                }
            }
            case SYSTEM_ERROR -> Outcome.unknown("commercial insurer system error: " + message);
            case UNRECOGNISED -> Outcome.unknown("commercial insurer answered an unknown code " + code + ": " + message);
            case INVALID_SIGNATURE -> Outcome.declined(DeclineCodes.SIGNATURE_REJECTED, message, rc.name());
            case INVALID_REQUEST -> Outcome.declined(DeclineCodes.CHANNEL_REJECTED, message, rc.name());
            case POLICY_NOT_FOUND, NOT_COVERED, LIMIT_EXHAUSTED, CLAIM_NOT_FOUND, ALREADY_CANCELLED, DUPLICATE_REQUEST ->
                    Outcome.declined(rc.name(), message, rc.name());
        };
    }

    static Policy policy(JsonNode d) {
        JsonNode ratio = d.get("coverageRatioPercent");
        if (ratio == null || !ratio.canConvertToExactIntegral() || ratio.asLong() < 0 || ratio.asLong() > 100)
            throw new Malformed("coverageRatioPercent is not a whole per cent: " + ratio);
        return new Policy(required(d, "policyNo"), (int) ratio.asLong(), fen(d, "remainingLimitFen"));
    }

    static PreCalculation preCalculation(JsonNode d) {
        return new PreCalculation(d.path("eligible").asBoolean(false), fen(d, "payableFen"), d.path("policyNo").asString(""),
                d.path("coverageRatioPercent").asInt(0), fen(d, "remainingLimitFen"), d.path("reason").asString(""));
    }

    static Claim claim(JsonNode d) {
        String status = d.path("status").asString("");
        ClaimStatus s = named(ClaimStatus.class, status).orElseThrow(() -> new Malformed("claim status " + status));
        String paidAt = d.path("paidAt").asString("");
        return new Claim(required(d, "claimNo"), required(d, "outClaimNo"), s, fen(d, "paidFen"), d.path("policyNo").asString(""),
                paidAt.isEmpty() ? null : Instant.parse(paidAt));
    }

    private static Money fen(JsonNode d, String field) {
        JsonNode v = d.get(field);
        if (v == null || !v.canConvertToExactIntegral()) throw new Malformed("missing or fractional " + field);
        return Money.ofFen(v.asLong());
    }

    private static String required(JsonNode d, String field) {
        String v = d.path(field).asString("");
        if (v.isEmpty()) throw new Malformed("missing " + field);
        return v;
    }

    static ObjectNode statementBody(String partnerId, LocalDate day) {
        return F.objectNode().put("partnerId", partnerId).put("date", day.toString());
    }

    private static final DateTimeFormatter STATEMENT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

    /**
     * A row of the claim statement ({@code type,claimNo,outClaimNo,outCancelNo,amountFen,time,status}) as a neutral
     * line; IllegalArgumentException when it is not in that shape.
     */
    static Statement.Line statementLine(String row) {
        String[] f = row.split(",", -1);
        if (f.length != 7) throw new IllegalArgumentException("a claim statement row has 7 fields, not " + f.length);
        Instant at;
        long fen;
        try {
            at = LocalDateTime.parse(f[5], STATEMENT_TIME).atZone(BEIJING).toInstant();
            fen = Long.parseLong(f[4]);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException("bad amount or time in a claim statement row", e);
        }
        var kind = switch (f[0]) {
            case "CLAIM" -> Statement.Kind.PAYMENT;
            case "CANCEL" -> Statement.Kind.REFUND;
            default -> Statement.Kind.OTHER;
        };
        return new Statement.Line(kind, f[2], f[1], f[3].isEmpty() ? null : f[3], Money.ofFen(fen), at);
    }
}
