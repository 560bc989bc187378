package io.studioflow.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class AuditCsvTest {

    @Test
    void quotesOnlyWhatNeedsIt() {
        assertThat(AuditCsv.quote("plain")).isEqualTo("plain");
        assertThat(AuditCsv.quote(null)).isEmpty();
        assertThat(AuditCsv.quote("a,b")).isEqualTo("\"a,b\"");
        assertThat(AuditCsv.quote("say \"no\"")).isEqualTo("\"say \"\"no\"\"\"");
        assertThat(AuditCsv.quote("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(AuditCsv.quote(" padded")).isEqualTo("\" padded\"");
        assertThat(AuditCsv.quote("=HYPERLINK(\"x\")")).as("no formula for spreadsheets").isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(AuditCsv.quote("-0.5")).as("numbers stay numbers").isEqualTo("-0.5");
    }

    @Test
    void oneLinePerEventUnderTheHeader() {
        StringWriter out = new StringWriter();
        AuditCsv csv = new AuditCsv(out, new ObjectMapper()).header();
        AuditEvents.chain("img", 2).forEach(csv::write);
        String[] lines = out.toString().split("\r\n(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).startsWith("time,imageId,sku,brand,batch,sequence,step");
        assertThat(lines[1]).contains(",img,SKU-1,acme,shoot-7,1,step1,")
                .contains("\"comment, with \"\"quotes\"\"\nand a line\"")
                .contains("\"{\"\"confidence\"\":0.93,");
    }
}
