package com.bulkcancel.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SpreadsheetSafeTest {

    @Test
    void aCellAFormulaCouldStartWithGetsAQuote() {
        assertThat(SpreadsheetSafe.cell("=HYPERLINK(\"http://x\")")).isEqualTo("'=HYPERLINK(\"http://x\")");
        assertThat(SpreadsheetSafe.cell("+47 22 00 00 00")).isEqualTo("'+47 22 00 00 00");
        assertThat(SpreadsheetSafe.cell("-1")).isEqualTo("'-1");
        assertThat(SpreadsheetSafe.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(SpreadsheetSafe.cell("\t1")).isEqualTo("'\t1");
        assertThat(SpreadsheetSafe.cell("\r1")).isEqualTo("'\r1");
    }

    @Test
    void everythingElseIsWrittenUnchanged() {
        assertThat(SpreadsheetSafe.cell("Avlyst, beklager \"Julekonsert\""))
                .isEqualTo("Avlyst, beklager \"Julekonsert\"");
        assertThat(SpreadsheetSafe.cell("a=b")).isEqualTo("a=b");
        assertThat(SpreadsheetSafe.cell("")).isEmpty();
        assertThat(SpreadsheetSafe.cell(null)).isEmpty();
    }
}
