package org.hospay.channels.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.hospay.channels.Money;
import org.hospay.channels.bank.BankFiles.BankFileException;
import org.hospay.channels.bank.CreditBank.BatchResult;
import org.hospay.channels.bank.CreditBank.Consumption;
import org.hospay.channels.bank.CreditBank.ConsumptionBatch;
import org.hospay.channels.bank.CreditBank.LineResult;
import org.hospay.channels.bank.CreditBank.ResultLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The fixed-width batch files, against the files the bank simulator exchanged (fixtures/bank). */
class BankFilesTest {

    static final String CONSUMPTION = BankFixtures.text("consumption-file.txt");
    static final String RESULT = BankFixtures.exchange("result-file").path("body").asString();

    @Test
    void theRecordedConsumptionFileReadsAsTheBatchAndWritesBackByteForByte() {
        ConsumptionBatch b = BankFiles.parseConsumption(CONSUMPTION);

        assertThat(b.merchantNo()).isEqualTo("HOSPAY-DEMO-BANK");
        assertThat(b.batchNo()).isEqualTo("B20261123-0001");
        assertThat(b.batchDate()).isEqualTo(LocalDate.of(2026, 11, 23));
        assertThat(b.cutoff()).isEqualTo(LocalDateTime.of(2026, 11, 24, 0, 0));
        assertThat(b.lines()).hasSize(4);
        assertThat(b.lines().getFirst()).isEqualTo(new Consumption("C20261123000001", "BC0000000001", Money.ofFen(23_450),
                LocalDateTime.of(2026, 11, 23, 9, 12, 5), "B20261123-0101"));
        assertThat(b.total()).isEqualTo(Money.ofFen(29_250));
        assertThat(BankFiles.writeConsumption(b)).isEqualTo(CONSUMPTION);
    }

    @Test
    void theRecordedResultFileReadsLineByLine() {
        BatchResult r = BankFiles.parseResult(RESULT);

        assertThat(r.batchNo()).isEqualTo("B20261123-0001");
        assertThat(r.lines()).extracting(ResultLine::result).containsExactly(LineResult.DEDUCTED, LineResult.INSUFFICIENT_FUNDS,
                LineResult.ACCOUNT_BLOCKED, LineResult.NO_SUCH_CUSTOMER);
        assertThat(r.lines().get(1).message()).isEqualTo("insufficient funds");
        assertThat(r.deducted()).isEqualTo(Money.ofFen(23_450));
        assertThat(BankFiles.writeResult(r)).isEqualTo(RESULT);
    }

    /** The offsets bank.md documents (1-based, inclusive), read off the recorded files. */
    @ParameterizedTest
    @CsvSource({
            "consumption, 0, 2, 7, HPCONS",
            "consumption, 0, 11, 30, HOSPAY-DEMO-BANK",
            "consumption, 0, 31, 62, B20261123-0001",
            "consumption, 0, 63, 70, 20261123",
            "consumption, 0, 71, 84, 20261124000000",
            "consumption, 0, 85, 92, 00000004",
            "consumption, 0, 93, 108, 0000000000029250",
            "consumption, 1, 2, 9, 00000001",
            "consumption, 1, 10, 41, C20261123000001",
            "consumption, 1, 42, 61, BC0000000001",
            "consumption, 1, 62, 77, 0000000000023450",
            "consumption, 1, 78, 91, 20261123091205",
            "consumption, 1, 92, 123, B20261123-0101",
            "consumption, 5, 2, 9, 00000004",
            "consumption, 5, 10, 25, 0000000000029250",
            "result, 0, 2, 7, HPRSLT",
            "result, 2, 62, 77, 0000000000005000",
            "result, 2, 78, 93, 0000000000000000",
            "result, 2, 94, 95, 51",
            "result, 2, 96, 127, insufficient funds",
            "result, 5, 2, 9, 00000004",
            "result, 5, 10, 17, 00000001",
            "result, 5, 18, 33, 0000000000023450",
            "result, 5, 34, 41, 00000003",
            "result, 5, 42, 57, 0000000000005800"})
    void fieldsSitWhereTheDocumentationSays(String file, int line, int from, int to, String value) {
        String record = (file.equals("consumption") ? CONSUMPTION : RESULT).split("\n")[line];

        assertThat(record).hasSize(BankFiles.RECORD_LENGTH);
        assertThat(record.substring(from - 1, to).strip()).isEqualTo(value);
    }

    @Test
    void aFileThatBreaksTheFormatIsRejectedWhole() {
        String[] lines = CONSUMPTION.split("\n");
        String shortRecord = CONSUMPTION.replace(lines[1], lines[1].substring(0, 127));
        String wrongCount = CONSUMPTION.replace(lines[5], lines[5].replace("T00000004", "T00000003"));
        String wrongTotal = CONSUMPTION.replace(lines[1], lines[1].replace("0000000000023450", "0000000000023451"));
        String seqGap = CONSUMPTION.replace(lines[2], lines[2].replace("D00000002", "D00000009"));
        String nonAscii = CONSUMPTION.replace("B20261123-0101", "B20261123-010一");

        assertThatThrownBy(() -> BankFiles.parseConsumption(shortRecord)).isInstanceOf(BankFileException.class).hasMessageContaining("line 2");
        assertThatThrownBy(() -> BankFiles.parseConsumption(wrongCount)).isInstanceOf(BankFileException.class).hasMessageContaining("count");
        assertThatThrownBy(() -> BankFiles.parseConsumption(wrongTotal)).isInstanceOf(BankFileException.class).hasMessageContaining("total");
        assertThatThrownBy(() -> BankFiles.parseConsumption(seqGap)).isInstanceOf(BankFileException.class).hasMessageContaining("seq");
        assertThatThrownBy(() -> BankFiles.parseConsumption(nonAscii)).isInstanceOf(BankFileException.class).hasMessageContaining("ASCII");
        assertThatThrownBy(() -> BankFiles.parseResult(CONSUMPTION)).isInstanceOf(BankFileException.class).hasMessageContaining("HPRSLT");
    }

    @Test
    void aResultLineThatContradictsItselfIsRejected() {
        String[] lines = RESULT.split("\n");
        String unknownCode = RESULT.replace(lines[2], lines[2].replace("000000000000000051", "000000000000000077"));
        String deductedOnFailure = RESULT.replace(lines[2], lines[2].replace("0000000000000000051", "0000000000000100051"));

        assertThatThrownBy(() -> BankFiles.parseResult(unknownCode)).hasMessageContaining("unknown result code 77");
        assertThatThrownBy(() -> BankFiles.parseResult(deductedOnFailure)).isInstanceOf(BankFileException.class);
    }

    @Test
    void crlfLineEndsAreReadToo() {
        assertThat(BankFiles.parseConsumption(CONSUMPTION.replace("\n", "\r\n")).lines()).hasSize(4);
    }

    @Test
    void valuesThatDoNotFitTheirFieldAreNotWritten() {
        var tooLong = new Consumption("C".repeat(33), "BC1", Money.ofFen(1), LocalDateTime.of(2026, 11, 23, 9, 0), "B1");
        var withSpace = new Consumption("C 1", "BC1", Money.ofFen(1), LocalDateTime.of(2026, 11, 23, 9, 0), "B1");

        assertThatThrownBy(() -> BankFiles.writeConsumption(batch(tooLong))).hasMessageContaining("consumptionId");
        assertThatThrownBy(() -> BankFiles.writeConsumption(batch(withSpace))).hasMessageContaining("consumptionId");
    }

    @Test
    void aLongOrNonAsciiResultMessageIsCutAndReplacedNotRejected() {
        var line = new ResultLine(1, "C1", "BC1", Money.ofFen(5), Money.ZERO, LineResult.SYSTEM_ERROR, "系统 error " + "x".repeat(60));
        String file = BankFiles.writeResult(new BatchResult("M", "B1", LocalDate.of(2026, 11, 23), LocalDateTime.of(2026, 11, 24, 0, 5),
                List.of(line)));

        assertThat(BankFiles.parseResult(file).lines().getFirst().message()).hasSize(32).startsWith("?? error xx");
    }

    @Test
    void creditRefundsFollowTheConsumptionsAsRRecordsCountedInHeaderAndTrailer() {
        var c = new Consumption("C1", "BC1", Money.ofFen(5_000), LocalDateTime.of(2026, 11, 23, 9, 0), "B1");
        var r = new CreditBank.Refund("RF1", "BC1", Money.ofFen(1_200), LocalDateTime.of(2026, 11, 23, 10, 0), "C0");
        var b = new ConsumptionBatch("M", "B1", LocalDate.of(2026, 11, 23), LocalDateTime.of(2026, 11, 24, 0, 0), List.of(c), List.of(r));

        String file = BankFiles.writeConsumption(b);

        List<String> records = file.lines().toList();
        assertThat(records).hasSize(4);
        assertThat(records.get(2)).startsWith("R00000002RF1").contains("C0");
        assertThat(records.get(0).substring(84, 108)).isEqualTo("00000002" + "0000000000006200");
        assertThat(BankFiles.parseConsumption(file)).isEqualTo(b);
    }

    @Test
    void aConsumptionAfterACreditRefundRejectsTheFile() {
        var c = new Consumption("C1", "BC1", Money.ofFen(5_000), LocalDateTime.of(2026, 11, 23, 9, 0), "B1");
        var r = new CreditBank.Refund("RF1", "BC1", Money.ofFen(1_200), LocalDateTime.of(2026, 11, 23, 10, 0), "C0");
        String file = BankFiles.writeConsumption(new ConsumptionBatch("M", "B1", LocalDate.of(2026, 11, 23),
                LocalDateTime.of(2026, 11, 24, 0, 0), List.of(c), List.of(r)));
        List<String> records = file.lines().toList();
        String swapped = String.join("\n", records.get(0), records.get(2).replace("R00000002", "R00000001"),
                records.get(1).replace("D00000001", "D00000002"), records.get(3)) + "\n";

        assertThatThrownBy(() -> BankFiles.parseConsumption(swapped)).isInstanceOf(BankFileException.class)
                .hasMessageContaining("expected a R record");
    }

    @Test
    void aRefundResultLineCountsAsCreditedNotDeducted() {
        var deducted = new ResultLine(1, "C1", "BC1", Money.ofFen(5_000), Money.ofFen(5_000), LineResult.DEDUCTED, "deducted");
        var credited = new ResultLine(2, "RF1", "BC1", Money.ofFen(1_200), Money.ofFen(1_200), LineResult.DEDUCTED, "credited", true);
        String file = BankFiles.writeResult(new BatchResult("M", "B1", LocalDate.of(2026, 11, 23), LocalDateTime.of(2026, 11, 24, 0, 5),
                List.of(deducted, credited)));

        BatchResult read = BankFiles.parseResult(file);
        assertThat(file.lines().toList().get(2)).startsWith("R00000002RF1");
        assertThat(read.lines()).extracting(ResultLine::refund).containsExactly(false, true);
        assertThat(read.deducted()).isEqualTo(Money.ofFen(5_000));
        assertThat(read.credited()).isEqualTo(Money.ofFen(1_200));
    }

    static ConsumptionBatch batch(Consumption c) {
        return new ConsumptionBatch("M", "B1", LocalDate.of(2026, 11, 23), LocalDateTime.of(2026, 11, 24, 0, 0), List.of(c));
    }
}
