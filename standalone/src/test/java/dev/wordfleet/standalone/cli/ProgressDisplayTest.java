package dev.wordfleet.standalone.cli;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.wordfleet.aggregator.batch.BatchProgress;
import dev.wordfleet.protocol.BatchStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The text that the progress bar shows after its counts.
 */
class ProgressDisplayTest {

	private static final Pattern SUMMARY_RATE = Pattern.compile("\\((\\d+) pages/s\\)");

	@Test
	void rateCountsFromSubmission() {
		assertThat(ProgressDisplay.extraMessage(progress(3000, 0), Duration.ofMillis(1500))).isEqualTo("2000 pages/s");
	}

	@Test
	void failuresFollowTheRate() {
		assertThat(ProgressDisplay.extraMessage(progress(3000, 2), Duration.ofSeconds(2)))
			.isEqualTo("1500 pages/s, 2 failed");
	}

	@Test
	void noRateBeforeFirstMillisecond() {
		assertThat(ProgressDisplay.extraMessage(progress(0, 1), Duration.ZERO)).isEqualTo("1 failed");
	}

	@Test
	void rateEqualsSummaryRate() {
		for (int done : new int[] { 1, 999, 23380, 116900 }) {
			for (Duration elapsed : List.of(Duration.ofMillis(7), Duration.ofMillis(2345), Duration.ofSeconds(48))) {
				BatchProgress progress = progress(done, 3);
				Matcher summaryRate = SUMMARY_RATE.matcher(ResultOutput.summary(progress, elapsed));
				assertThat(summaryRate.find()).isTrue();
				assertThat(ProgressDisplay.extraMessage(progress, elapsed))
					.as("%d pages in %s", done, elapsed)
					.isEqualTo(summaryRate.group(1) + " pages/s, 3 failed");
			}
		}
	}

	private static BatchProgress progress(int done, int failed) {
		return new BatchProgress("b1", BatchStatus.RUNNING, null, 200_000, done, failed, 200_000 - done - failed, 0, 0, 0,
				List.of(), null, null);
	}

}
