package org.hospay.channels.ehealth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.hospay.channels.Outcome;
import org.junit.jupiter.api.Test;

class HttpHealthCardServiceTest {

    private static Outcome<HealthCardService.Holder> answer(int status, String body) {
        return HttpHealthCardService.interpret(status, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aKnownCardAnswersItsHolderWhoseIdNumberNeverPrints() {
        var o = answer(200, "{\"ecardId\":\"AB12\",\"name\":\"王秀英\",\"idType\":\"01\",\"idNumber\":\"11010519491231002X\"}");

        assertThat(o).isInstanceOf(Outcome.Succeeded.class);
        HealthCardService.Holder h = ((Outcome.Succeeded<HealthCardService.Holder>) o).value();
        assertThat(h.idNumber()).isEqualTo("11010519491231002X");
        assertThat(h.toString()).doesNotContain("11010519491231002X").doesNotContain("王秀英");
    }

    @Test
    void aRefusalIsDeclinedWithTheServicesCodeAndAnythingUnclearIsUnknown() {
        assertThat(answer(404, "{\"code\":\"CARD_NOT_FOUND\",\"message\":\"电子健康卡不存在\"}"))
                .isInstanceOfSatisfying(Outcome.Declined.class, d -> assertThat(d.code()).isEqualTo("CARD_NOT_FOUND"));
        assertThat(answer(400, "{\"code\":\"QR_EXPIRED\",\"message\":\"过期\"}"))
                .isInstanceOfSatisfying(Outcome.Declined.class, d -> assertThat(d.code()).isEqualTo("QR_EXPIRED"));
        assertThat(answer(500, "{\"code\":\"SYSTEM_ERROR\"}")).isInstanceOf(Outcome.Unknown.class);
        assertThat(answer(200, "not json")).isInstanceOf(Outcome.Unknown.class);
        assertThat(answer(200, "{\"ecardId\":\"AB12\"}")).as("no identity number").isInstanceOf(Outcome.Unknown.class);
    }
}
