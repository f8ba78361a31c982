package org.hospay.gateway.code;

import org.hospay.gateway.web.ApiException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
class CodeController {

    private final ScannedCodes codes;

    CodeController(ScannedCodes codes) {
        this.codes = codes;
    }

    record ClassifyRequest(String raw) {}

    /** docs/api.md §5: what a scanner's text is; a recognised but unusable code is {@code valid:false} with a reason. */
    @PostMapping("/api/v1/codes/classify")
    Mono<ScannedCodes.Classification> classify(@RequestBody ClassifyRequest request) {
        if (request == null || request.raw() == null) throw ApiException.badRequest("MISSING_FIELD", "raw is required");
        return codes.classify(request.raw());
    }
}
