package org.hospay.simulator.insurance;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.hospay.simulator.SigningProperties;
import org.hospay.simulator.fault.FaultRegistry;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The national platform's one transaction endpoint. Every request must carry a valid SM2
 * signature by its hospital's key (else {@code [SIGNATURE_INVALID]}, nothing done); every answer
 * is signed with the platform key (unless {@link SigningProperties}, benchmark only). Injected
 * faults (channel INSURANCE): ERROR answers the platform's "系统异常" (infcode -1, not processed,
 * not kept); TIMEOUT processes and keeps the answer but never sends it, which is the lost-answer
 * case 5203 and 2601 exist for.
 */
@RestController
class InsurancePlatformController {

    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS");

    private final InsuranceBook book;
    private final InsuranceKeys keys;
    private final FaultRegistry faults;
    private final Clock clock;
    private final boolean signAnswers;

    InsurancePlatformController(InsuranceBook book, InsuranceKeys keys, FaultRegistry faults, Clock clock,
                                SigningProperties signing) {
        this.book = book;
        this.keys = keys;
        this.faults = faults;
        this.clock = clock;
        this.signAnswers = signing.signAnswers();
    }

    @PostMapping(path = "${sim.insurance.service-path:/fsi/api/rsfComIfsService/callService}",
            produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<byte[]>> call(@RequestBody byte[] body) {
        JsonNode request;
        try {
            request = EnvelopeWire.JSON.readTree(body);
        } catch (JacksonException e) {
            return refused(book.refusal("", "", PlatformError.INVALID_INPUT, "报文不是合法的 JSON"));
        }
        String infno = text(request, "infno");
        String msgid = text(request, "msgid");
        String region = text(request, "mdtrtarea_admvs");
        String fixmedins = text(request, "fixmedins_code");
        var hospitalKey = keys.hospital(fixmedins);
        if (hospitalKey == null || !EnvelopeWire.verify(request, hospitalKey))
            return refused(book.refusal(infno, region, PlatformError.SIGNATURE_INVALID, "报文签名验证失败"));
        if (!EnvelopeWire.wellFormedMsgid(msgid) || !msgid.startsWith(fixmedins))
            return refused(book.refusal(infno, region, PlatformError.INVALID_INPUT,
                    "msgid 须为 定点医药机构编号(12)+时间(14)+顺序号(4): " + msgid));
        FaultRegistry.Effect effect = faults.draw(InsuranceBook.CHANNEL, infno);
        InsuranceBook.Answer answer = switch (effect) {
            case ERROR -> book.systemError(infno, region);
            case NORMAL, TIMEOUT -> book.handle(infno, msgid, region, request.path("input"));
        };
        if (effect == FaultRegistry.Effect.TIMEOUT) return Mono.never();
        return faults.delayed(InsuranceBook.CHANNEL, Mono.fromSupplier(() -> {
            book.delivered(answer);
            return signed(answer);
        }));
    }

    /** A refusal before anything was processed, with the channel's latency like every answer. */
    private Mono<ResponseEntity<byte[]>> refused(InsuranceBook.Answer a) {
        return faults.delayed(InsuranceBook.CHANNEL, Mono.fromSupplier(() -> signed(a)));
    }

    private ResponseEntity<byte[]> signed(InsuranceBook.Answer a) {
        ObjectNode env = EnvelopeWire.JSON.createObjectNode()
                .put("infcode", a.infcode())
                .put("inf_refmsgid", a.refmsgid())
                .put("refmsg_time", MILLIS.format(a.refmsgTime()))
                .put("respond_time", MILLIS.format(LocalDateTime.ofInstant(clock.instant(), BEIJING)))
                .put("err_msg", a.errMsg());
        env.set("output", a.output());
        if (signAnswers) EnvelopeWire.sign(env, keys.platformPrivate());
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(EnvelopeWire.JSON.writeValueAsBytes(env));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? "" : v.asString();
    }
}
