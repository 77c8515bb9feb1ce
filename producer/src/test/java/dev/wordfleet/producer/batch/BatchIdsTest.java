package dev.wordfleet.producer.batch;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class BatchIdsTest {

	@Test
	void keyGivesSameIdEveryTime() {
		assertThat(BatchIds.fromKey("order-42")).isEqualTo(BatchIds.fromKey("order-42"));
	}

	@Test
	void differentKeysGiveDifferentIds() {
		assertThat(BatchIds.fromKey("order-42")).isNotEqualTo(BatchIds.fromKey("order-43"));
	}

	@Test
	void idFromKeyIsVersion8Uuid() {
		UUID id = UUID.fromString(BatchIds.fromKey("order-42"));

		assertThat(id.version()).isEqualTo(8);
		assertThat(id.variant()).isEqualTo(2);
	}

	@Test
	void noChoiceGivesNoId() {
		assertThat(BatchIds.chosen(null, null)).isNull();
	}

	@Test
	void chosenBatchIdIsKept() {
		assertThat(BatchIds.chosen(null, "Nightly_run.2026-03-01~1")).isEqualTo("Nightly_run.2026-03-01~1");
	}

	@Test
	void batchIdWithSpaceIsRejected() {
		assertThatExceptionOfType(InvalidBatchIdException.class).isThrownBy(() -> BatchIds.chosen(null, "a b"))
			.withMessageContaining("\"a b\"");
	}

	@Test
	void emptyBatchIdIsRejected() {
		assertThatExceptionOfType(InvalidBatchIdException.class).isThrownBy(() -> BatchIds.chosen(null, ""));
	}

	@Test
	void keyWithControlCharacterIsRejected() {
		assertThatExceptionOfType(InvalidBatchIdException.class).isThrownBy(() -> BatchIds.chosen("a\tb", null))
			.withMessageContaining("Idempotency-Key");
	}

	@Test
	void tooLongKeyIsRejected() {
		assertThatExceptionOfType(InvalidBatchIdException.class)
			.isThrownBy(() -> BatchIds.chosen("k".repeat(BatchIds.MAX_KEY_LENGTH + 1), null));
	}

	@Test
	void fingerprintDependsOnUrlOrder() {
		BatchOptions options = BatchOptions.defaults();

		assertThat(SubmissionFingerprint.of(List.of("https://a.example/", "https://b.example/"), options))
			.isNotEqualTo(SubmissionFingerprint.of(List.of("https://b.example/", "https://a.example/"), options));
	}

	@Test
	void fingerprintDependsOnOptions() {
		List<String> urls = List.of("https://a.example/");

		assertThat(SubmissionFingerprint.of(urls, BatchOptions.defaults()))
			.isNotEqualTo(SubmissionFingerprint.of(urls, new BatchOptions(1, null)))
			.isNotEqualTo(SubmissionFingerprint.of(urls, new BatchOptions(0, Duration.ofMinutes(10))));
	}

	@Test
	void fingerprintIgnoresHowDeadlineWasWritten() {
		List<String> urls = List.of("https://a.example/");

		assertThat(SubmissionFingerprint.of(urls, new BatchOptions(0, Duration.parse("PT600S"))))
			.isEqualTo(SubmissionFingerprint.of(urls, new BatchOptions(0, Duration.parse("PT10M"))));
	}

}
