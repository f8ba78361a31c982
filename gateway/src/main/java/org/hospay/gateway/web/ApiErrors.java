package org.hospay.gateway.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.MissingRequestValueException;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place exceptions become the error shape of docs/api.md §4. Ordered before Boot's default handler so
 * no caller ever sees Boot's error page or a stack trace; unexpected errors are logged here and
 * answered with a bare 500 INTERNAL_ERROR.
 */
@Component
@Order(-2)
public class ApiErrors implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);
    private final JsonMapper json;

    public ApiErrors(JsonMapper json) {
        this.json = json;
    }

    /** A caller-facing error: status, code, message, details. */
    public record ApiError(HttpStatus status, String code, String message, Map<String, Object> details) {}

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        if (exchange.getResponse().isCommitted()) return Mono.error(ex);
        ApiError error = toError(ex);
        if ("DEPENDENCY_UNAVAILABLE".equals(error.code())) {
            log.warn("{} {} refused: PostgreSQL or Redis did not answer: {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), rootOf(ex).toString());
        } else if (error.status().is5xxServerError() && !(ex instanceof ApiException)) {
            log.error("unexpected error on {} {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), ex);
        } else if (error.status().is5xxServerError()) {
            log.warn("{} {} refused: {} {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), error.code(), error.message());
        }
        return write(exchange, error);
    }

    public Mono<Void> write(ServerWebExchange exchange, ApiError error) {
        var response = exchange.getResponse();
        response.setStatusCode(error.status());
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        // A refusal for load or a dependency that is briefly down: nothing was done, try again shortly.
        if (error.status() == HttpStatus.SERVICE_UNAVAILABLE) response.getHeaders().set("Retry-After", "1");
        // A rate limit says when the next request will be taken (docs/api.md §4).
        if (error.status() == HttpStatus.TOO_MANY_REQUESTS && error.details().get(ApiException.RETRY_AFTER_SECONDS) != null) {
            response.getHeaders().set("Retry-After", String.valueOf(error.details().get(ApiException.RETRY_AFTER_SECONDS)));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", error.code());
        body.put("message", error.message());
        body.put("details", error.details());
        byte[] bytes = json.writeValueAsBytes(Map.of("error", body));
        return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
    }

    static ApiError toError(Throwable ex) {
        Throwable root = rootOf(ex);
        if (ex instanceof ApiException api) {
            return new ApiError(api.status(), api.code(), api.getMessage(), api.details());
        }
        if (dependencyDown(ex)) {
            // A timed-out Redis command or no database connection in time (overload, a restart):
            // the caller may retry with the same Idempotency-Key; recovery finishes anything begun.
            return new ApiError(HttpStatus.SERVICE_UNAVAILABLE, "DEPENDENCY_UNAVAILABLE",
                    "the gateway's database or cache did not answer in time; retry with the same Idempotency-Key", Map.of());
        }
        if (root instanceof DataBufferLimitException) {
            return new ApiError(HttpStatus.PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE", "request body is too large", Map.of());
        }
        if (ex instanceof WebExchangeBindException bind) {
            List<Map<String, Object>> fields = bind.getFieldErrors().stream()
                    .map(f -> Map.<String, Object>of("field", f.getField(), "problem", String.valueOf(f.getDefaultMessage())))
                    .toList();
            String first = fields.isEmpty() ? "invalid request" : fields.getFirst().get("field") + " " + fields.getFirst().get("problem");
            return new ApiError(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", first, Map.of("fields", fields));
        }
        if (ex instanceof MissingRequestValueException missing) {
            return new ApiError(HttpStatus.BAD_REQUEST, "MISSING_PARAMETER", missing.getReason() == null ? "a required value is missing" : missing.getReason(), Map.of());
        }
        if (ex instanceof ServerWebInputException input) {
            boolean decoding = root instanceof DecodingException || input.getCause() instanceof DecodingException
                    || rootClassIn(root, "tools.jackson");
            return new ApiError(HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST",
                    decoding ? "request body is not valid JSON of the expected shape" : "request is malformed", Map.of());
        }
        if (ex instanceof UnsupportedMediaTypeStatusException) {
            return new ApiError(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE", "send application/json", Map.of());
        }
        if (ex instanceof MethodNotAllowedException) {
            return new ApiError(HttpStatus.METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED", "method not allowed on this path", Map.of());
        }
        if (ex instanceof NotAcceptableStatusException) {
            return new ApiError(HttpStatus.NOT_ACCEPTABLE, "NOT_ACCEPTABLE", "cannot produce the requested media type", Map.of());
        }
        if (ex instanceof ResponseStatusException rse) {
            HttpStatusCode sc = rse.getStatusCode();
            HttpStatus status = HttpStatus.resolve(sc.value());
            if (status == null) status = HttpStatus.INTERNAL_SERVER_ERROR;
            if (status == HttpStatus.NOT_FOUND) return new ApiError(status, "NOT_FOUND", "no such resource", Map.of());
            if (status.is4xxClientError()) return new ApiError(status, status.name(), status.getReasonPhrase(), Map.of());
        }
        return new ApiError(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR", "internal error; the request may be retried with the same Idempotency-Key", Map.of());
    }

    private static boolean dependencyDown(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TransientDataAccessException || t instanceof DataAccessResourceFailureException
                    || t instanceof io.r2dbc.spi.R2dbcTransientResourceException || t instanceof io.r2dbc.spi.R2dbcTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static Throwable rootOf(Throwable ex) {
        Throwable t = ex;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t;
    }

    private static boolean rootClassIn(Throwable t, String packagePrefix) {
        return t.getClass().getName().startsWith(packagePrefix);
    }
}
