package org.hospay.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.HttpStatus;

class ApiErrorsTest {

    @Test
    void aTimedOutRedisCommandIsARetryable503NotAnInternalError() {
        var error = ApiErrors.toError(new QueryTimeoutException("Redis command timed out"));
        assertThat(error.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(error.code()).isEqualTo("DEPENDENCY_UNAVAILABLE");
        assertThat(error.message()).contains("Idempotency-Key");
    }

    @Test
    void noDatabaseConnectionInTimeIsA503EvenWhenWrapped() {
        var cause = new DataAccessResourceFailureException("Failed to obtain R2DBC Connection");
        var error = ApiErrors.toError(new IllegalStateException("engine step failed", cause));
        assertThat(error.code()).isEqualTo("DEPENDENCY_UNAVAILABLE");
    }

    @Test
    void aBugStaysAnInternalErrorWithoutDetails() {
        var error = ApiErrors.toError(new NullPointerException("x"));
        assertThat(error.status()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(error.code()).isEqualTo("INTERNAL_ERROR");
        assertThat(error.details()).isEmpty();
    }

    @Test
    void aConstraintViolationThatEscapedIsNotMistakenForAnOutage() {
        var error = ApiErrors.toError(new DataIntegrityViolationException("duplicate key"));
        assertThat(error.code()).isEqualTo("INTERNAL_ERROR");
    }
}
