package dev.wordfleet.worker.robots;

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Decision of robots.txt about one URL: whether the worker may fetch it.
 *
 * @param allowed whether the URL may be fetched
 * @param crawlDelay delay between requests that the site's robots.txt sets for this crawler, or {@code null} if it
 * sets none
 * @param reason why, for logs and job-failed messages, such as
 * {@code "robots.txt of https://example.com:443 disallows /private/page (rule Disallow: /private/)"}
 */
public record RobotsDecision(boolean allowed, @Nullable Duration crawlDelay, String reason) {

	public RobotsDecision {
		Objects.requireNonNull(reason, "reason is missing");
	}

}
