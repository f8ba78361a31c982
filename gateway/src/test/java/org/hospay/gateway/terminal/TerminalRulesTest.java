package org.hospay.gateway.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpMethod;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/** docs/api.md §3.1: what each kind of terminal may do, decided by the table alone. */
class TerminalRulesTest {

    private static final Terminal WINDOW = new Terminal("w1", Terminal.Kind.WINDOW, "h", "W01");
    private static final Terminal KIOSK = new Terminal("k1", Terminal.Kind.KIOSK, "h", null);
    private static final Terminal CLINIC = new Terminal("c1", Terminal.Kind.CLINIC, "h", "C07");
    private static final Terminal READER = new Terminal("r1", Terminal.Kind.NFC_READER, "h", "W01");
    private static final Terminal HIS = new Terminal("his", Terminal.Kind.HIS, "h", null);
    private static final Terminal FINANCE = new Terminal("f1", Terminal.Kind.FINANCE, "h", null);
    private static final Terminal BEDSIDE = new Terminal("b1", Terminal.Kind.BEDSIDE, "h", "5A");

    private static Optional<TerminalRules.Denial> check(Terminal t, HttpMethod m, String path) {
        return TerminalRules.check(t, m, path, null);
    }

    private static boolean allowed(Terminal t, HttpMethod m, String path) {
        return check(t, m, path).isEmpty();
    }

    @Test
    void refundsOnlyByWindowsAndFinance() {
        String refunds = "/api/v1/payments/6f1c1a52-5d1f-4f57-9a4e-0c3b3e8f2d11/refunds";
        assertThat(allowed(WINDOW, HttpMethod.POST, refunds)).isTrue();
        assertThat(allowed(FINANCE, HttpMethod.POST, refunds)).isTrue();
        for (Terminal t : new Terminal[] {KIOSK, CLINIC, READER, HIS}) {
            assertThat(check(t, HttpMethod.POST, refunds)).as(t.kind().name())
                    .hasValueSatisfying(d -> assertThat(d.code()).isEqualTo("FORBIDDEN"));
        }
    }

    @Test
    void bedsideTerminalsHandleStaysButPayNoOutpatientBillAndRefundNoPayment() {
        String stay = "/api/v1/inpatient/stays/6f1c1a52-5d1f-4f57-9a4e-0c3b3e8f2d11";
        for (String p : new String[] {"/deposits", "/deposit-refunds", "/fees", "/discharge", "/discharge/payments"}) {
            assertThat(allowed(BEDSIDE, HttpMethod.POST, stay + p)).as(p).isTrue();
        }
        assertThat(allowed(BEDSIDE, HttpMethod.POST, "/api/v1/inpatient/stays")).isTrue();
        assertThat(allowed(BEDSIDE, HttpMethod.GET, stay)).isTrue();
        assertThat(allowed(BEDSIDE, HttpMethod.POST, "/api/v1/payments")).isFalse();
        assertThat(allowed(BEDSIDE, HttpMethod.POST, "/api/v1/payments/6f1c1a52-5d1f-4f57-9a4e-0c3b3e8f2d11/refunds")).isFalse();
        assertThat(allowed(BEDSIDE, HttpMethod.POST, stay + "/discharge/cancel")).isFalse();
        assertThat(allowed(BEDSIDE, HttpMethod.GET, "/api/v1/inpatient/deposit-refunds")).isFalse();
        assertThat(allowed(FINANCE, HttpMethod.GET, "/api/v1/inpatient/deposit-refunds")).isTrue();
        for (Terminal t : new Terminal[] {KIOSK, CLINIC, READER, HIS}) {
            assertThat(allowed(t, HttpMethod.POST, stay + "/discharge")).as(t.kind().name()).isFalse();
            assertThat(allowed(t, HttpMethod.POST, stay + "/deposits")).as(t.kind().name()).isFalse();
        }
        assertThat(allowed(HIS, HttpMethod.POST, stay + "/fees")).isTrue();
    }

    @Test
    void onlyFinanceApprovesRefunds() {
        String approvals = "/api/v1/refunds/6f1c1a52-5d1f-4f57-9a4e-0c3b3e8f2d11/approvals";
        assertThat(allowed(FINANCE, HttpMethod.POST, approvals)).isTrue();
        assertThat(allowed(WINDOW, HttpMethod.POST, approvals)).isFalse();
        assertThat(allowed(HIS, HttpMethod.POST, approvals)).isFalse();
    }

    @Test
    void nfcReadersOnlyTapAndReadTheirSessions() {
        assertThat(allowed(READER, HttpMethod.POST, "/api/v1/nfc/taps")).isTrue();
        assertThat(allowed(READER, HttpMethod.GET, "/api/v1/nfc/sessions/abc")).isTrue();
        assertThat(allowed(READER, HttpMethod.GET, "/api/v1/terminals/me")).isTrue();
        assertThat(allowed(READER, HttpMethod.POST, "/api/v1/payments")).isFalse();
        assertThat(allowed(READER, HttpMethod.GET, "/api/v1/payments/abc")).isFalse();
        assertThat(allowed(READER, HttpMethod.PUT, "/api/v1/windows/W01/bill")).isFalse();
        assertThat(allowed(READER, HttpMethod.GET, "/api/v1/windows/W01/events")).isFalse();
        assertThat(allowed(READER, HttpMethod.POST, "/api/v1/codes/classify")).isFalse();
    }

    @Test
    void kiosksOnlyPay() {
        assertThat(allowed(KIOSK, HttpMethod.POST, "/api/v1/payments")).isTrue();
        assertThat(allowed(KIOSK, HttpMethod.POST, "/api/v1/payments/abc/codes")).isTrue();
        assertThat(allowed(KIOSK, HttpMethod.GET, "/api/v1/payments/abc")).isTrue();
        assertThat(allowed(KIOSK, HttpMethod.GET, "/api/v1/payments")).isFalse();
        assertThat(allowed(KIOSK, HttpMethod.GET, "/api/v1/payments/abc/refunds")).isFalse();
        assertThat(allowed(KIOSK, HttpMethod.PUT, "/api/v1/windows/W01/bill")).isFalse();
        assertThat(allowed(KIOSK, HttpMethod.POST, "/api/v1/nfc/taps")).isFalse();
    }

    @Test
    void theHisOnlyPostsBills() {
        assertThat(allowed(HIS, HttpMethod.POST, "/api/v1/his/bills")).isTrue();
        assertThat(allowed(HIS, HttpMethod.PUT, "/api/v1/windows/W01/bill")).isTrue();
        assertThat(allowed(HIS, HttpMethod.POST, "/api/v1/payments")).isFalse();
        assertThat(allowed(HIS, HttpMethod.GET, "/api/v1/payments/abc")).as("the Location of its bill's 202").isTrue();
        assertThat(allowed(HIS, HttpMethod.GET, "/api/v1/payments")).isFalse();
        assertThat(allowed(HIS, HttpMethod.POST, "/api/v1/payments/abc/refunds")).isFalse();
        assertThat(allowed(HIS, HttpMethod.GET, "/api/v1/windows/W01/events")).isFalse();
    }

    @Test
    void theOlderSpecificCodesStay() {
        assertThat(check(WINDOW, HttpMethod.POST, "/api/v1/nfc/taps")).hasValueSatisfying(d -> assertThat(d.code()).isEqualTo("NOT_AN_NFC_READER"));
        assertThat(check(WINDOW, HttpMethod.POST, "/api/v1/his/bills")).hasValueSatisfying(d -> assertThat(d.code()).isEqualTo("HIS_ONLY"));
    }

    @Test
    void aWindowListsOnlyItsOwnWindowsPaymentsAndFinanceAnyWindows() {
        assertThat(TerminalRules.check(WINDOW, HttpMethod.GET, "/api/v1/payments", "W01")).isEmpty();
        assertThat(TerminalRules.check(WINDOW, HttpMethod.GET, "/api/v1/payments", "W02"))
                .hasValueSatisfying(d -> assertThat(d.code()).isEqualTo("FORBIDDEN"));
        assertThat(TerminalRules.check(FINANCE, HttpMethod.GET, "/api/v1/payments", "W02")).isEmpty();
        assertThat(TerminalRules.check(WINDOW, HttpMethod.GET, "/api/v1/payments", null)).as("by bill").isEmpty();
        assertThat(TerminalRules.check(CLINIC, HttpMethod.GET, "/api/v1/payments", "C07")).isPresent();
    }

    @Test
    void everyKindMaySignIn() {
        for (Terminal.Kind k : Terminal.Kind.values()) {
            assertThat(allowed(new Terminal("t", k, "h", null), HttpMethod.GET, "/api/v1/terminals/me")).as(k.name()).isTrue();
        }
    }

    @Test
    void whatNoRuleNamesIsLeftToTheRouter() {
        assertThat(allowed(READER, HttpMethod.GET, "/api/v1/no-such-thing")).isTrue();
        assertThat(allowed(READER, HttpMethod.PATCH, "/api/v1/payments")).as("405 from the router").isTrue();
    }

    /**
     * A terminal endpoint no rule names would be open to every kind: each handler mapped under /api/v1 (but the
     * mini-program's) must be in the table.
     */
    @Test
    void everyTerminalEndpointIsInTheTable() throws ClassNotFoundException {
        List<String> endpoints = new ArrayList<>();
        for (JavaClass c : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.hospay.gateway")) {
            if (!c.isAnnotatedWith(RestController.class)) continue;
            for (Method m : Class.forName(c.getName()).getDeclaredMethods()) {
                RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(m, RequestMapping.class);
                if (mapping == null) continue;
                for (String path : mapping.path()) {
                    if (!path.startsWith("/api/v1/") || path.startsWith("/api/v1/mini/")) continue;
                    for (RequestMethod method : mapping.method()) endpoints.add(method.name() + " " + path);
                }
            }
        }
        assertThat(endpoints).hasSizeGreaterThan(10).allSatisfy(e -> {
            String[] parts = e.split(" ");
            assertThat(TerminalRules.names(HttpMethod.valueOf(parts[0]), parts[1].replaceAll("\\{[^}]+}", "x"))).as(e).isTrue();
        });
    }
}
