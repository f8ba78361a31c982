package org.hospay.gateway.family;

import java.net.URI;
import java.security.Principal;
import java.util.UUID;
import org.hospay.gateway.audit.AuditLog;
import org.hospay.gateway.web.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The mini-program API of family proxy (docs/family.md). Every call carries the user's bearer token
 * ({@link MiniSecurity}); the token's subject is the user: a payer, or a patient looking at who pays for them.
 */
@RestController
class MiniController {

    private final BindingService bindings;
    private final VerifiedUsers users;
    private final AuditLog audit;
    private final String hospitalId;

    MiniController(BindingService bindings, VerifiedUsers users, AuditLog audit, FamilyProperties props) {
        this.bindings = bindings;
        this.users = users;
        this.audit = audit;
        this.hospitalId = props.hospitalId();
    }

    /** Binding changes are administrative actions: each is audited with its binding and the status it left. */
    private Mono<BindingService.BindingView> audited(Principal user, String action, String bindingId, Mono<BindingService.BindingView> work) {
        return audit.audited(AuditLog.Actor.user(hospitalId, user.getName()), action, bindingId, work,
                b -> b.bindingId().toString(), BindingService.BindingView::status);
    }

    /**
     * Records the caller's real-name identity, which is the one their token's verified claims carry: the body may
     * repeat it or be empty, never set or change it (409 IDENTITY_VERIFIED); no verified claims: 403 IDENTITY_NOT_VERIFIED.
     */
    @PutMapping("/api/v1/mini/me")
    Mono<VerifiedUsers.PayerView> register(Principal user, @RequestBody(required = false) VerifiedUsers.PayerRequest body) {
        return users.register(MiniUser.of(user), body);
    }

    @GetMapping("/api/v1/mini/me")
    Mono<VerifiedUsers.PayerView> me(Principal user) {
        return users.me(MiniUser.of(user));
    }

    /** Checks name + identity number + hospital card against the hospital's records and the insurance platform; writes nothing. */
    @PostMapping("/api/v1/mini/patients/verify")
    Mono<BindingService.PatientView> verify(Principal user, @RequestBody BindingService.PatientRequest body) {
        return bindings.verify(user.getName(), body);
    }

    @PostMapping("/api/v1/mini/bindings")
    Mono<ResponseEntity<BindingService.BindingView>> bind(Principal user, @RequestBody BindingService.BindRequest body) {
        return audited(user, "BINDING_CREATE", null, bindings.bind(MiniUser.of(user), body))
                .map(b -> ResponseEntity.status(HttpStatus.CREATED).header("Location", "/api/v1/mini/bindings/" + b.bindingId()).body(b));
    }

    /** {@code ?as=patient}: the bindings that pay for the caller, instead of those the caller pays under. */
    @GetMapping("/api/v1/mini/bindings")
    Flux<BindingService.BindingView> list(Principal user, @RequestParam(name = "as", required = false) String as) {
        if (as != null && !as.equals("payer") && !as.equals("patient")) {
            return Flux.error(ApiException.badRequest("INVALID_PARAMETER", "as must be payer or patient"));
        }
        return bindings.list(MiniUser.of(user), "patient".equals(as));
    }

    @GetMapping("/api/v1/mini/bindings/{bindingId}")
    Mono<BindingService.BindingView> get(Principal user, @PathVariable String bindingId) {
        return bindings.get(MiniUser.of(user), id(bindingId));
    }

    @PatchMapping("/api/v1/mini/bindings/{bindingId}")
    Mono<BindingService.BindingView> update(Principal user, @PathVariable String bindingId, @RequestBody BindingService.UpdateRequest body) {
        return audited(user, "BINDING_UPDATE", bindingId, bindings.update(MiniUser.of(user), id(bindingId), body));
    }

    @PostMapping("/api/v1/mini/bindings/{bindingId}/agreement")
    Mono<BindingService.AgreementView> agreement(Principal user, ServerWebExchange exchange, @PathVariable String bindingId,
                                                 @RequestBody BindingService.AgreementRequest body) {
        URI uri = exchange.getRequest().getURI();
        URI base = URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + "/");
        return audit.audited(AuditLog.Actor.user(hospitalId, user.getName()), "AGREEMENT_START", bindingId,
                bindings.startAgreement(MiniUser.of(user), id(bindingId), body, base), a -> a.bindingId().toString(), BindingService.AgreementView::status);
    }

    @PostMapping("/api/v1/mini/bindings/{bindingId}/pause")
    Mono<BindingService.BindingView> pause(Principal user, @PathVariable String bindingId) {
        return audited(user, "BINDING_PAUSE", bindingId, bindings.pause(MiniUser.of(user), id(bindingId)));
    }

    @PostMapping("/api/v1/mini/bindings/{bindingId}/resume")
    Mono<BindingService.BindingView> resume(Principal user, @PathVariable String bindingId) {
        return audited(user, "BINDING_RESUME", bindingId, bindings.resume(MiniUser.of(user), id(bindingId)));
    }

    /** The patient approves a binding that pays for them (it waits in AWAITING_CONSENT until then). */
    @PostMapping("/api/v1/mini/bindings/{bindingId}/consent")
    Mono<BindingService.BindingView> consent(Principal user, @PathVariable String bindingId) {
        return audited(user, "BINDING_CONSENT", bindingId, bindings.consent(MiniUser.of(user), id(bindingId)));
    }

    /** The payer has the hospital text a one-time consent code to the patient's registered phone → 202. */
    @PostMapping("/api/v1/mini/bindings/{bindingId}/consent-code")
    @org.springframework.web.bind.annotation.ResponseStatus(org.springframework.http.HttpStatus.ACCEPTED)
    Mono<BindingService.ConsentCodeSent> sendConsentCode(Principal user, @PathVariable String bindingId) {
        return audit.audited(AuditLog.Actor.user(hospitalId, user.getName()), "BINDING_CONSENT_CODE_SEND", bindingId,
                bindings.sendConsentCode(MiniUser.of(user), id(bindingId)), c -> c.bindingId().toString(), c -> "SENT");
    }

    /** The payer enters the code the patient read out: the binding is consented. */
    @PostMapping("/api/v1/mini/bindings/{bindingId}/consent-code/verify")
    Mono<BindingService.BindingView> consentByCode(Principal user, @PathVariable String bindingId,
                                                   @org.springframework.web.bind.annotation.RequestBody(required = false) BindingService.ConsentCodeEntry entry) {
        return audited(user, "BINDING_CONSENT_BY_CODE", bindingId, bindings.consentByCode(MiniUser.of(user), id(bindingId), entry));
    }

    /** Payer or patient; final. */
    @PostMapping("/api/v1/mini/bindings/{bindingId}/revoke")
    Mono<BindingService.BindingView> revoke(Principal user, @PathVariable String bindingId) {
        return audited(user, "BINDING_REVOKE", bindingId, bindings.revoke(MiniUser.of(user), id(bindingId)));
    }

    private static UUID id(String raw) {
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("BINDING_NOT_FOUND", "no binding " + raw);
        }
    }
}
