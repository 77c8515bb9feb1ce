package dev.wordfleet.worker.job;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import dev.wordfleet.worker.fetch.FetchSettings;
import dev.wordfleet.worker.robots.RobotsSettings;
import dev.wordfleet.worker.text.CountingThreads;
import dev.wordfleet.worker.text.PageCounter;
import dev.wordfleet.worker.text.PageWords;

import static org.assertj.core.api.Assertions.assertThat;

class JobWarmUpTest {

	private final CountingThreads counting = new CountingThreads(new PageCounter(), 2);

	@AfterEach
	void stopCounting() {
		this.counting.close();
	}

	@Test
	void countsEveryJobWithLoopbackBlocked() {
		FetchSettings blocking = FetchSettings.defaults();
		assertThat(blocking.allowPrivateNetworks()).isFalse();

		int counted = new JobWarmUp(blocking, RobotsSettings.defaults(), this.counting).run();

		assertThat(counted).isEqualTo(JobWarmUp.JOBS);
	}

	@Test
	void countsEveryJobWithRobotsIgnored() {
		int counted = new JobWarmUp(FetchSettings.defaults(), null, this.counting).run();

		assertThat(counted).isEqualTo(JobWarmUp.JOBS);
	}

	@Test
	void failingJobsEndWithoutThrowing() {
		FetchSettings tooSmall = new FetchSettings(FetchSettings.DEFAULT_CONNECT_TIMEOUT,
				FetchSettings.DEFAULT_TOTAL_TIMEOUT, DataSize.ofBytes(100), false, FetchSettings.DEFAULT_USER_AGENT,
				FetchSettings.DEFAULT_MAX_REDIRECTS);

		int counted = new JobWarmUp(tooSmall, null, this.counting).run();

		assertThat(counted).isZero();
	}

	@Test
	void bundledPageCountsVisibleWordsOnly() {
		PageWords words = new PageCounter().count(bundledPage(), "text/html; charset=utf-8", "http://localhost/");

		assertThat(words.totalWords()).isGreaterThan(1000);
		assertThat(words.counts()).containsKeys("worker", "café", "don't").doesNotContainKeys("hidden", "ignored");
	}

	private static byte[] bundledPage() {
		try (InputStream in = JobWarmUp.class.getResourceAsStream(JobWarmUp.PAGE)) {
			assertThat(in).as("resource %s", JobWarmUp.PAGE).isNotNull();
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
