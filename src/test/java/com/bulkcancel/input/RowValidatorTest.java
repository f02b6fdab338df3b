package com.bulkcancel.input;

import static com.bulkcancel.input.TestFiles.UUID_1;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RowValidatorTest {

    private final RowValidator validator = new RowValidator(null, 1000);

    @Test
    void canonicalUuidIsTrimmedAndLowerCased() {
        CheckedRow row = validator.validate(record(" " + UUID_1.toUpperCase() + "\t", "  why  "));

        assertThat(row.sendable()).isTrue();
        assertThat(row).isEqualTo(new CheckedRow.Sendable(4, UUID_1, "why"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "../3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b",
                "%2e%2e",
                "{3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b}",
                "3f2a1b4c-5d6e-4f70-8a9b 0c1d2e3f4a5b",
                "3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5",
                "3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5bb",
                "3f2a1b4c5d6e4f708a9b0c1d2e3f4a5b",
                "1-2-3-4-5",
                "3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5g",
                "3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b/../x",
                "3f2a1b4c-5d6e-4f70-8a9b-\n0c1d2e3f4a5b"
            })
    void anythingButACanonicalUuidIsInvalid(String raw) {
        CheckedRow row = validator.validate(record(raw, "why"));

        assertThat(row.sendable()).isFalse();
        assertThat(((CheckedRow.Refused) row).reason())
                .endsWith("' is not a canonical UUID")
                .startsWith("reservation_uuid '");
        assertThat(row.reservationUuid()).isEqualTo(raw);
        assertThat(row.note()).isEqualTo("why");
    }

    @Test
    void reasonQuotesTheRawUuid() {
        assertThat(((CheckedRow.Refused) validator.validate(record(" ../etc ", "n"))).reason())
                .isEqualTo("reservation_uuid ' ../etc ' is not a canonical UUID");
    }

    @Test
    void reasonStaysOneLine() {
        assertThat(((CheckedRow.Refused) validator.validate(record("a\r\nb", "n"))).reason())
                .isEqualTo("reservation_uuid 'a\\r\\nb' is not a canonical UUID");
    }

    @Test
    void malformedRecordKeepsItsProblem() {
        InputRecord malformed = new InputRecord(9, null, null, "unbalanced quote", new byte[0]);

        assertThat(validator.validate(malformed))
                .isEqualTo(CheckedRow.Refused.invalid(9, null, null, "unbalanced quote"));
    }

    @Test
    void blankOrMissingNoteIsInvalidWithoutDefault() {
        assertThat(((CheckedRow.Refused) validator.validate(record(UUID_1, " \t "))).reason())
                .isEqualTo("note is blank");
        assertThat(((CheckedRow.Refused) validator.validate(record(UUID_1, null))).reason())
                .isEqualTo("note is blank");
    }

    @Test
    void blankOrMissingNoteTakesTheDefault() {
        RowValidator withDefault = new RowValidator("Cancelled by support", 1000);

        assertThat(withDefault.validate(record(UUID_1, "  ")).note()).isEqualTo("Cancelled by support");
        assertThat(withDefault.validate(record(UUID_1, null)).note()).isEqualTo("Cancelled by support");
        assertThat(withDefault.validate(record(UUID_1, "own")).note()).isEqualTo("own");
    }

    @Test
    void noteLongerThanTheLimitIsInvalid() {
        RowValidator short5 = new RowValidator(null, 5);

        assertThat(short5.validate(record(UUID_1, " 12345 ")).sendable()).isTrue();
        assertThat(((CheckedRow.Refused) short5.validate(record(UUID_1, "123456"))).reason())
                .isEqualTo("note is 6 characters, more than cancel.max-note-length=5");
    }

    @Test
    void noteLengthCountsCodePoints() {
        // Five emoji are ten UTF-16 chars but five characters.
        assertThat(new RowValidator(null, 5)
                        .validate(record(UUID_1, "😀😀😀😀😀"))
                        .sendable())
                .isTrue();
    }

    @Test
    void notePassesThroughUnchangedInside() {
        String note = "Kunde: \"nein\", danke;\r\næøå \\n tab\there";

        assertThat(validator.validate(record(UUID_1, note)).note()).isEqualTo(note);
    }

    private static InputRecord record(String uuid, String note) {
        return new InputRecord(4, uuid, note, null, new byte[0]);
    }
}
