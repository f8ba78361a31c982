package org.hospay.gateway.it.finance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hospay.gateway.it.Bills;
import org.hospay.gateway.it.Payments;
import org.hospay.gateway.it.TestServices;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * docs/finance.md: the finance office's page (/console/finance.html) in headless Chromium (the cashier console's
 * browser set-up, src/test/browser): reconcile a day with a fabricated difference, resolve it from the worklist
 * with a note, show the shift close. Screenshots: docs/screenshots/finance-*.png.
 */
class FinanceConsoleBrowserIT extends FinanceIntegrationTest {

    static final PrivateSimulator SIM = new PrivateSimulator();
    static final String DATABASE = TestServices.newDatabase("finance_console");

    @DynamicPropertySource
    static void world(DynamicPropertyRegistry registry) {
        register(registry, SIM, DATABASE);
    }

    @Test
    void theFinanceOfficeReconcilesResolvesADifferenceAndClosesTheShiftInARealBrowser() throws Exception {
        Path browser = Path.of("src", "test", "browser").toAbsolutePath();
        Path work = Path.of("target", "browser").toAbsolutePath();
        Path screenshots = Path.of("..", "docs", "screenshots").toAbsolutePath().normalize();
        Files.createDirectories(screenshots);
        Ran prepared = run(List.of("bash", browser.resolve("prepare.sh").toString(), work.toString()), Map.of(), Duration.ofMinutes(6),
                work.resolveSibling("browser-prepare-finance.log"));
        if (prepared.exit() != 0) {
            String why = "the browser test cannot run here: " + prepared.output().strip();
            Assumptions.assumeFalse("skip".equals(System.getenv("HOSPAY_BROWSER_TESTS")), why);
            fail(why);
        }
        String chromium = prepared.output().strip().lines().toList().getLast();

        Payments.View paid = Payments.pay(window, Bills.bill(Bills.newBillNo(), SIM.code(SIM.person(), "WECHAT", null)));
        assertThat(paid.status()).isEqualTo("SUCCEEDED");
        SIM.statementDifference("WECHAT", Map.of("kind", "EXTRA", "amountFen", 777));
        Path result = work.resolve("finance-result.json");
        Files.deleteIfExists(result);

        Ran test = run(List.of("node", work.resolve("finance.spec.mjs").toString()), Map.of(
                "BASE_URL", "http://127.0.0.1:" + port, "FINANCE_ID", "it-fin-office", "FINANCE_SECRET", "it-fin-office-secret",
                "DAY", today().toString(), "CHROMIUM", chromium, "SCREENSHOT_DIR", screenshots.toString(), "RESULT_FILE", result.toString()),
                Duration.ofMinutes(3), work.resolveSibling("browser-test-finance.log"));

        assertThat(test.exit()).as("the browser test's output:%n%s", test.output()).isZero();
        for (String shot : List.of("finance-reconciliation.png", "finance-worklist.png", "finance-shift-close.png")) {
            assertThat(screenshots.resolve(shot)).as("screenshot %s", shot).isNotEmptyFile();
        }
        String item = (String) JSON.readValue(Files.readString(result), Map.class).get("resolved");
        assertThat(db.sql("SELECT action || ' ' || operator_id || ' ' || outcome AS a FROM audit_event WHERE resource_id = :i").bind("i", item)
                .map(r -> r.get("a", String.class)).all().collectList().block()).containsExactly("REVIEW_RESOLVE F001 RESOLVED");
    }

    record Ran(int exit, String output) {}

    private static Ran run(List<String> command, Map<String, String> env, Duration limit, Path log) throws IOException, InterruptedException {
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            return new Ran(-1, "timed out after " + limit + "\n" + Files.readString(log));
        }
        return new Ran(process.exitValue(), Files.readString(log));
    }
}
