package org.hospay.gateway.credit;

import java.security.Principal;
import java.time.Instant;
import org.hospay.gateway.audit.AuditLog;
import org.hospay.gateway.web.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The mini-program API of credit care (docs/api.md §11). Bearer tokens as for family proxy (the token's subject is
 * the user); a user sees and uses only the accounts they enrolled.
 */
@RestController
class CreditMiniController {

    private final Enrolments enrolments;
    private final CreditStore store;
    private final CreditCodes codes;
    private final CreditProperties props;
    private final CreditClock clock;
    private final AuditLog audit;
    private final Repayments repayments;

    CreditMiniController(Enrolments enrolments, CreditStore store, CreditCodes codes, CreditProperties props, CreditClock clock, AuditLog audit,
                         Repayments repayments) {
        this.repayments = repayments;
        this.enrolments = enrolments;
        this.store = store;
        this.codes = codes;
        this.props = props;
        this.clock = clock;
        this.audit = audit;
    }

    @PostMapping("/api/v1/mini/credit/enrolments")
    Mono<ResponseEntity<CreditViews.AccountView>> enrol(Principal user, @RequestBody(required = false) Enrolments.Request body) {
        return audit.audited(AuditLog.Actor.user(props.hospitalId(), user.getName()), "CREDIT_ENROL", null,
                        enrolments.enrol(props.hospitalId(), user.getName(), body), a -> a.accountId().toString(), a -> a.tier() + " " + a.lineFen())
                .flatMap(a -> CreditViews.of(a, store, props.zone()))
                .map(v -> ResponseEntity.status(HttpStatus.CREATED).header("Location", "/api/v1/mini/credit/accounts/" + v.cardNo()).body(v));
    }

    @GetMapping("/api/v1/mini/credit/accounts")
    Flux<CreditViews.AccountView> accounts(Principal user) {
        return store.accountsOfUser(user.getName()).concatMap(a -> CreditViews.of(a, store, props.zone()));
    }

    @GetMapping("/api/v1/mini/credit/accounts/{cardNo}")
    Mono<CreditViews.AccountView> account(Principal user, @PathVariable String cardNo) {
        return own(user, cardNo).flatMap(a -> CreditViews.of(a, store, props.zone()));
    }

    record CodeView(String code, Instant expiresAt) {}

    /** A dynamic credit code to show at a window or clinic: signed, valid {@code code-ttl}, single use. */
    @PostMapping("/api/v1/mini/credit/accounts/{cardNo}/code")
    Mono<CodeView> code(Principal user, @PathVariable String cardNo) {
        return own(user, cardNo).map(a -> {
            if (a.blacklisted()) throw ApiException.unprocessable("CREDIT_BLACKLISTED", "credit is suspended: " + a.statusReason());
            CreditCodes.Minted m = codes.mint(a.accountId(), clock.clock().instant().plus(props.codeTtl()));
            return new CodeView(m.code(), m.expiresAt());
        });
    }

    /**
     * Repays an owed bill with a WeChat Pay or Alipay payment code (docs/credit.md §5): 201 repaid, 202 the channel
     * has not answered yet (look at the bill again), 200 the bill's earlier repayment, 422 REPAYMENT_DECLINED.
     */
    @PostMapping("/api/v1/mini/credit/accounts/{cardNo}/bills/{consumptionId}/repayments")
    Mono<ResponseEntity<Repayments.View>> repay(Principal user, @PathVariable String cardNo, @PathVariable String consumptionId,
                                                @RequestBody(required = false) Repayments.Request body) {
        return own(user, cardNo).flatMap(a -> audit.audited(AuditLog.Actor.user(props.hospitalId(), user.getName()), "CREDIT_REPAY", consumptionId,
                        repayments.repay(a, consumptionId, body), x -> x.repayment().repaymentNo(),
                        x -> x.repayment().status() + " " + x.repayment().amountFen()))
                .map(x -> {
                    RepaymentStore.Repayment r = x.repayment();
                    Repayments.View v = Repayments.View.of(r, props.zone());
                    return switch (r.status()) {
                        case "SUCCEEDED" -> ResponseEntity.status(x.started() ? HttpStatus.CREATED : HttpStatus.OK).body(v);
                        case "PENDING" -> ResponseEntity.status(HttpStatus.ACCEPTED).body(v);
                        default -> throw ApiException.unprocessable("REPAYMENT_DECLINED",
                                "the " + r.channel() + " payment was declined (" + r.failureCode() + "); the bill is still owed");
                    };
                });
    }

    private Mono<Account> own(Principal user, String cardNo) {
        return store.account(props.hospitalId(), cardNo).filter(a -> user.getName().equals(a.userId()))
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("CREDIT_ACCOUNT_NOT_FOUND", "you have no credit account for this card")));
    }
}
