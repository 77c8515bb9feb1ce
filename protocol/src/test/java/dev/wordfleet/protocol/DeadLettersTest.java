package dev.wordfleet.protocol;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLettersTest {

	@Test
	void rootMessageNamesInnermostCause() {
		Exception ex = new IllegalStateException("listener failed",
				new RuntimeException("wrapped", new IllegalArgumentException("jobId must be zero or more")));

		assertThat(DeadLetters.rootMessage(ex)).isEqualTo("IllegalArgumentException: jobId must be zero or more");
	}

	@Test
	void rootMessageOfExceptionWithoutCause() {
		assertThat(DeadLetters.rootMessage(new InvalidMessageException("the record has no value")))
			.isEqualTo("InvalidMessageException: the record has no value");
	}

}
