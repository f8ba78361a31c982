package org.hospay.channels.bank;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;
import org.hospay.channels.DeclineCodes;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import org.hospay.channels.bank.CreditBank.BatchReceipt;
import org.hospay.channels.bank.CreditBank.BatchResult;
import org.hospay.channels.bank.CreditBank.CustomerState;
import org.hospay.channels.bank.CreditBank.CustomerStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Pure mapping of the bank protocol's answers to outcomes. */
final class BankMapping {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private BankMapping() {}

    /** The bank's result codes in JSON answers. */
    enum ResultCode {
        SUCCESS, NO_SUCH_CUSTOMER, DUPLICATE_BATCH, FILE_INVALID, BATCH_NOT_FOUND, PROCESSING, INVALID_SIGNATURE,
        INVALID_REQUEST, SYSTEM_ERROR,
        /** Any code this version does not know: the bank may have acted, so Unknown. */
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

    static <T> Outcome<T> outcome(JsonNode answer, Function<JsonNode, T> mapData) {
        String code = answer.path("code").asString("");
        String message = answer.path("message").asString("");
        ResultCode rc = named(ResultCode.class, code).orElse(ResultCode.UNRECOGNISED);
        return switch (rc) {
            case SUCCESS -> {
                try {
                    yield Outcome.succeeded(mapData.apply(answer.path("data")));
                } catch (Malformed | IllegalArgumentException e) {
                    yield Outcome.unknown("bank SUCCESS with data we cannot read: " + e.getMessage());
                }
            }
            case PROCESSING -> Outcome.pending("PROCESSING");
            case SYSTEM_ERROR -> Outcome.unknown("bank system error: " + message);
            case UNRECOGNISED -> Outcome.unknown("bank answered an unknown code " + code + ": " + message);
            case INVALID_SIGNATURE -> Outcome.declined(DeclineCodes.SIGNATURE_REJECTED, message, rc.name());
            case INVALID_REQUEST -> Outcome.declined(DeclineCodes.CHANNEL_REJECTED, message, rc.name());
            case NO_SUCH_CUSTOMER, DUPLICATE_BATCH, FILE_INVALID, BATCH_NOT_FOUND -> Outcome.declined(rc.name(), message, rc.name());
        };
    }

    static CustomerStatus customer(JsonNode d) {
        String state = d.path("status").asString("");
        CustomerState s = named(CustomerState.class, state).orElseThrow(() -> new Malformed("customer status " + state));
        String customerNo = d.path("customerNo").asString("");
        if (customerNo.isEmpty()) throw new Malformed("missing customerNo");
        return new CustomerStatus(customerNo, s, fen(d, "creditLineFen"), fen(d, "availableFen"), d.path("overdueCount").asInt(0));
    }

    static BatchReceipt receipt(JsonNode d) {
        return new BatchReceipt(d.path("batchNo").asString(""), d.path("recordCount").asInt(0), fen(d, "totalFen"));
    }

    /**
     * The answer to a result fetch: a text/plain result file when ready (an unreadable file is
     * Unknown: fetch again), else a JSON answer (PROCESSING → Pending, BATCH_NOT_FOUND → Declined).
     */
    static Outcome<BatchResult> result(int status, String contentType, byte[] body) {
        if (status == 200 && contentType != null && contentType.startsWith("text/plain")) {
            try {
                return Outcome.succeeded(BankFiles.parseResult(new String(body, StandardCharsets.UTF_8)));
            } catch (BankFiles.BankFileException e) {
                return Outcome.unknown("bank result file unreadable: " + e.getMessage());
            }
        }
        try {
            return outcome(JSON.readTree(body), d -> {
                throw new Malformed("a JSON SUCCESS where a result file was expected");
            });
        } catch (JacksonException e) {
            return Outcome.unknown("bank answered HTTP " + status + " with neither a result file nor JSON");
        }
    }

    private static Money fen(JsonNode d, String field) {
        JsonNode v = d.get(field);
        if (v == null || !v.canConvertToExactIntegral()) throw new Malformed("missing or fractional " + field);
        return Money.ofFen(v.asLong());
    }
}
