package dev.wordfleet.standalone.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.wordfleet.aggregator.batch.BatchProgress;
import dev.wordfleet.protocol.BatchStatus;
import dev.wordfleet.protocol.FailureKind;
import dev.wordfleet.protocol.JobFailed;
import dev.wordfleet.protocol.UrlJob;

import static org.assertj.core.api.Assertions.assertThat;

class ResultOutputTest {

	private final StringWriter err = new StringWriter();

	@Test
	void toleratedFailuresListTheFirstTen() {
		int failed = ResultOutput.LISTED_FAILURES + 2;

		ResultOutput.reportToleratedFailures(completed(failed), new PrintWriter(this.err, true));

		List<String> lines = this.err.toString().lines().toList();
		assertThat(lines).hasSize(ResultOutput.LISTED_FAILURES + 2);
		assertThat(lines.getFirst()).isEqualTo("wordfleet: 12 URLs failed within --max-failures:");
		assertThat(lines.get(1)).isEqualTo("  http://127.0.0.1/page-0: HTTP_STATUS: status 404");
		assertThat(lines.get(ResultOutput.LISTED_FAILURES))
			.isEqualTo("  http://127.0.0.1/page-9: HTTP_STATUS: status 404");
		assertThat(lines.getLast()).isEqualTo("  and 2 more, which --format json lists");
	}

	@Test
	void noFailureWritesNothing() {
		ResultOutput.reportToleratedFailures(completed(0), new PrintWriter(this.err, true));

		assertThat(this.err.toString()).isEmpty();
	}

	@Test
	void summaryCountsAgreeWithNouns() {
		BatchProgress onePage = new BatchProgress("b1", BatchStatus.COMPLETED, null, 1, 1, 0, 0, 1, 1, 100, List.of(),
				null, null);

		assertThat(ResultOutput.summary(onePage, Duration.ofSeconds(4)))
			.isEqualTo("Batch b1 completed: 1 page counted, 0 failed, 1 word (1 distinct), 100 B in 4.0 s (0 pages/s)");
		assertThat(ResultOutput.summary(completed(0), Duration.ofSeconds(1)))
			.isEqualTo("Batch b1 completed: 1 page counted, 0 failed, 3 words (2 distinct), 100 B in 1.0 s (1 pages/s)");
	}

	@Test
	void byteSizeInDecimalUnits() {
		assertThat(ResultOutput.byteSize(0)).isEqualTo("0 B");
		assertThat(ResultOutput.byteSize(999)).isEqualTo("999 B");
		assertThat(ResultOutput.byteSize(14_230)).isEqualTo("14.2 kB");
		assertThat(ResultOutput.byteSize(16_120_244)).isEqualTo("16.1 MB");
	}

	private static BatchProgress completed(int failed) {
		List<JobFailed> failures = new ArrayList<>();
		for (int jobId = 0; jobId < failed; jobId++) {
			UrlJob job = UrlJob.of("b1", jobId, "http://127.0.0.1/page-" + jobId);
			failures.add(JobFailed.of(job, FailureKind.HTTP_STATUS, "status 404"));
		}
		return new BatchProgress("b1", BatchStatus.COMPLETED, null, failed + 1, 1, failed, 0, 3, 2, 100, failures,
				null, null);
	}

}
