package dev.wordfleet.worker.fetch;

import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

import dev.wordfleet.protocol.Durations;
import dev.wordfleet.protocol.FailureKind;
import org.jspecify.annotations.Nullable;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Decides whether a failed fetch is fetched again, and after which delay. The decision depends only on the failure,
 * the attempt number and the clock, so a caller can wait without holding a fetch slot and then fetch again.
 *
 * <p>Transient failures are retried: timeouts, connection failures (refused, reset, or a body that ended early), and
 * the HTTP statuses 408, 425, 429, 500, 502, 503 and 504. Connection failures are not retried when the host name
 * could not be resolved or the TLS handshake failed, because a retry within seconds rarely changes either. Cancelled
 * fetches and every other kind of failure are never retried.
 *
 * <p>The delay before retry {@code n} is drawn uniformly from 0 to {@code min(maxDelay, baseDelay * 2^(n-1))}
 * ("full jitter"), so that workers that failed together do not retry together. A {@code Retry-After} header on a
 * transient status replaces that delay. A header that requests more than {@link RetrySettings#maxRetryAfter()} stops
 * the retries, and a header that is neither delta-seconds nor an HTTP-date is ignored.
 */
public final class RetryPolicy {

	/** HTTP statuses that report a temporary condition of the server or of the request rate. */
	private static final Set<Integer> TRANSIENT_STATUSES = Set.of(408, 425, 429, 500, 502, 503, 504);

	private static final int MAX_QUOTED_LENGTH = 64;

	private final RetrySettings settings;

	private final Clock clock;

	private final Supplier<RandomGenerator> random;

	/** Upper bounds of the delays, without jitter: Spring's backoff stops after {@code maxRetries}. */
	private final ExponentialBackOff bounds;

	/**
	 * Creates a policy.
	 * @param settings retry limits
	 * @param clock source of the current time, to which a {@code Retry-After} date is compared
	 */
	public RetryPolicy(RetrySettings settings, Clock clock) {
		this(settings, clock, ThreadLocalRandom::current);
	}

	/** Creates a policy that draws delays from the given generators, so that tests can fix the draw. */
	RetryPolicy(RetrySettings settings, Clock clock, Supplier<RandomGenerator> random) {
		this.settings = Objects.requireNonNull(settings, "settings is missing");
		this.clock = Objects.requireNonNull(clock, "clock is missing");
		this.random = Objects.requireNonNull(random, "random is missing");
		this.bounds = new ExponentialBackOff(settings.baseDelay().toMillis(), 2.0);
		this.bounds.setMaxInterval(settings.maxDelay().toMillis());
		this.bounds.setMaxAttempts(settings.maxRetries());
	}

	/**
	 * Returns the limits that this policy applies.
	 * @return the settings
	 */
	public RetrySettings settings() {
		return this.settings;
	}

	/**
	 * Decides what follows a failed attempt.
	 * @param failure the failure of the attempt
	 * @param attempt number of the attempt that failed: 1 for the first fetch, 2 for the first retry, and so on
	 * @return a {@link RetryDecision.Retry} with its delay, or a {@link RetryDecision.GiveUp} with the message to
	 * report
	 */
	public RetryDecision decide(FetchException failure, int attempt) {
		Objects.requireNonNull(failure, "failure is missing");
		if (attempt < 1) {
			throw new IllegalArgumentException("attempt must be 1 or more, but was " + attempt);
		}
		if (failure.isCancelled()) {
			return new RetryDecision.GiveUp("the fetch was cancelled", failure.getMessage());
		}
		String transientReason = transientReason(failure);
		if (transientReason == null) {
			return new RetryDecision.GiveUp(failure.kind() + " failure is not transient", failure.getMessage());
		}

		long bound = delayBound(attempt);
		if (bound == BackOffExecution.STOP) {
			String reason = "gave up after " + attempt + ((attempt == 1) ? " attempt" : " attempts");
			return giveUp(failure, reason);
		}

		String retryAfter = failure.retryAfter();
		if (retryAfter != null) {
			Duration wait = RetryAfter.parse(retryAfter, this.clock.instant());
			if (wait != null && wait.compareTo(this.settings.maxRetryAfter()) > 0) {
				return giveUp(failure, "not retried: the server requested a wait of " + Durations.format(wait)
						+ " (Retry-After " + quote(retryAfter) + "), longer than the maximum of "
						+ Durations.format(this.settings.maxRetryAfter()));
			}
			if (wait != null) {
				return new RetryDecision.Retry(attempt, wait,
						transientReason + "; waiting " + Durations.format(wait) + " as Retry-After requests");
			}
			transientReason += "; ignoring invalid Retry-After " + quote(retryAfter);
		}

		// Full jitter: any delay from 0 to the bound, both included.
		Duration delay = Duration.ofMillis(this.random.get().nextLong(bound + 1));
		return new RetryDecision.Retry(attempt, delay, transientReason + "; backing off " + Durations.format(delay)
				+ " of at most " + Durations.format(Duration.ofMillis(bound)));
	}

	/**
	 * Returns the upper bound of the delay before retry {@code attempt}, in milliseconds, or
	 * {@link BackOffExecution#STOP} once {@code attempt} passes {@code maxRetries}.
	 */
	private long delayBound(int attempt) {
		BackOffExecution execution = this.bounds.start();
		long bound = BackOffExecution.STOP;
		for (int i = 0; i < attempt; i++) {
			bound = execution.nextBackOff();
			if (bound == BackOffExecution.STOP) {
				break;
			}
		}
		return bound;
	}

	/** Returns why a failure is transient, or {@code null} if it is not. */
	private static @Nullable String transientReason(FetchException failure) {
		FailureKind kind = failure.kind();
		if (kind == FailureKind.TIMEOUT) {
			return "a timeout is transient";
		}
		if (kind == FailureKind.HTTP_STATUS && TRANSIENT_STATUSES.contains(failure.status())) {
			return "HTTP status " + failure.status() + " is transient";
		}
		if (kind == FailureKind.CONNECTION && !isLasting(failure)) {
			return "a connection failure is transient";
		}
		return null;
	}

	/** Returns whether a connection failure comes from DNS or TLS, which a quick retry rarely fixes. */
	private static boolean isLasting(FetchException failure) {
		for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
			if (cause instanceof UnknownHostException || cause instanceof SSLHandshakeException
					|| cause instanceof SSLPeerUnverifiedException || cause instanceof CertificateException) {
				return true;
			}
		}
		return false;
	}

	private static RetryDecision.GiveUp giveUp(FetchException failure, String reason) {
		return new RetryDecision.GiveUp(reason, failure.getMessage() + " (" + reason + ")");
	}

	/** Quotes a header value for a message, cut to a length that keeps a hostile value from flooding logs. */
	private static String quote(String headerValue) {
		String trimmed = headerValue.trim();
		return "'" + ((trimmed.length() <= MAX_QUOTED_LENGTH) ? trimmed
				: trimmed.substring(0, MAX_QUOTED_LENGTH) + "...") + "'";
	}

}
