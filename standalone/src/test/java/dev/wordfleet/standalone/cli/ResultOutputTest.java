package dev.wordfleet.standalone.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
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
