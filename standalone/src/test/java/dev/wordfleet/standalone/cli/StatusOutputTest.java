package dev.wordfleet.standalone.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import dev.wordfleet.aggregator.batch.BatchProgress;
import dev.wordfleet.protocol.BatchStatus;
import dev.wordfleet.protocol.FailureKind;
import dev.wordfleet.protocol.JobFailed;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How {@code wordfleet status} writes batches, at a fixed time.
 */
class StatusOutputTest {

	private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

	private final StringWriter out = new StringWriter();

	@Test
	void tableAlignsColumns() {
		List<BatchProgress> batches = List.of(
				batch("b-long-id", BatchStatus.RUNNING, 40, 1, 59, NOW.minusSeconds(75), null),
				batch("b2", BatchStatus.COMPLETED, 1200, 0, 0, NOW.minusSeconds(3 * 3600 + 120), NOW));

		output(StatusOutput.Format.TABLE).writeBatches(batches);

		assertThat(this.out.toString()).isEqualTo("""
				BATCH      STATUS     DONE  FAILED  PENDING    AGE
				b-long-id  running      40       1       59  1m15s
				b2         completed  1200       0        0  3h02m
				""");
	}

	@Test
	void tableShowsDashBeforeManifest() {
		BatchProgress early = new BatchProgress("b3", BatchStatus.RUNNING, null, null, 2, 0, null, 10, 5, 100,
				List.of(), null, null);

		output(StatusOutput.Format.TABLE).writeBatches(List.of(early));

		assertThat(this.out.toString().lines().toList().get(1)).isEqualTo("b3     running     2       0        -    -");
	}

	@Test
	void emptyTableWritesNothing() {
		output(StatusOutput.Format.TABLE).writeBatches(List.of());

		assertThat(this.out.toString()).isEmpty();
	}

	@Test
	void csvQuotesFieldsAndHasHeader() {
		BatchProgress batch = batch("id,with,commas", BatchStatus.FAILED, 3, 1, 6, NOW.minusSeconds(10), NOW);

		output(StatusOutput.Format.CSV).writeBatches(List.of(batch));

		assertThat(this.out.toString()).isEqualTo("batch,status,urls,done,failed,pending,submitted_at,finished_at\r\n"
				+ "\"id,with,commas\",failed,10,3,1,6,2026-03-01T11:59:50Z,2026-03-01T12:00:00Z\r\n");
	}

	@Test
	void detailsNameFirstFailure() {
		JobFailed failure = new JobFailed(1, "b4", 7, "https://example.org/x", FailureKind.HTTP_STATUS, "HTTP 503");
		BatchProgress batch = new BatchProgress("b4", BatchStatus.FAILED, "1 job failed", 10, 3, 1, 6, 40, 12,
				2_500_000, List.of(failure), NOW.minusSeconds(4 * 86_400 + 3 * 3600), NOW);

		output(StatusOutput.Format.TABLE).writeBatch(batch);

		assertThat(this.out.toString()).isEqualTo("""
				Batch:          b4
				Status:         failed: 1 job failed
				URLs:           10
				Done:           3
				Failed:         1
				Pending:        6
				Words:          40 (12 distinct)
				Page bytes:     2500000 (2.5 MB)
				Submitted:      2026-02-25T09:00:00Z (4d03h ago)
				Finished:       2026-03-01T12:00:00Z
				First failure:  https://example.org/x: HTTP_STATUS: HTTP 503
				""");
	}

	@Test
	void ageUsesTwoUnits() {
		StatusOutput output = output(StatusOutput.Format.TABLE);

		assertThat(output.age(NOW.minusSeconds(42))).isEqualTo("42s");
		assertThat(output.age(NOW.minusSeconds(3 * 60 + 5))).isEqualTo("3m05s");
		assertThat(output.age(NOW.minusSeconds(2 * 3600 + 10 * 60 + 59))).isEqualTo("2h10m");
		assertThat(output.age(NOW.plusSeconds(5))).isEqualTo("0s");
		assertThat(output.age(null)).isEqualTo("-");
	}

	private StatusOutput output(StatusOutput.Format format) {
		return new StatusOutput(format, NOW, new PrintWriter(this.out, true));
	}

	private static BatchProgress batch(String id, BatchStatus status, int done, int failed, int pending,
			Instant submittedAt, @Nullable Instant finishedAt) {
		return new BatchProgress(id, status, null, done + failed + pending, done, failed, pending, done * 10L, done,
				done * 1000L, List.of(), submittedAt, finishedAt);
	}

}
