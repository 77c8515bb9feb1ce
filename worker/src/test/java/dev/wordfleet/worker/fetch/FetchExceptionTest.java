package dev.wordfleet.worker.fetch;

import dev.wordfleet.protocol.FailureKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class FetchExceptionTest {

	private static final String URL = "http://example.test/";

	@Test
	void failureWithoutResponseHasNoStatus() {
		FetchException failure = new FetchException(FailureKind.TIMEOUT, URL, "timed out", null);

		assertThat(failure.status()).isEqualTo(FetchException.NO_STATUS);
		assertThat(failure.retryAfter()).isNull();
	}

	@Test
	void responseFailureKeepsStatusAndRetryAfter() {
		FetchException failure = new FetchException(FailureKind.HTTP_STATUS, URL, "busy", null, 503, "30");

		assertThat(failure.status()).isEqualTo(503);
		assertThat(failure.retryAfter()).isEqualTo("30");
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(ints = { -1, 1, 99, 1000 })
	void impossibleStatusRejected(int status) {
		assertThatIllegalArgumentException()
				.isThrownBy(() -> new FetchException(FailureKind.HTTP_STATUS, URL, "odd", null, status, null))
				.withMessageContaining("but was " + status);
	}

}
