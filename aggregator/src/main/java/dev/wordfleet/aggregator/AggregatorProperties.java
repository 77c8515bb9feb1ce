package dev.wordfleet.aggregator;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the aggregator role, bound from {@code wordfleet.aggregator.*}.
 *
 * @param resultTopWords number of most frequent words in each result published to the batch-results topic, 0 for
 * all of them; the HTTP API always serves all of them
 * @param deadlineCheckInterval how often running batches are checked against their deadlines
 * @param groupId consumer group of the aggregators
 * @param progressInterval minimum time between two progress reports of one running batch on the batch-progress
 * topic; a batch whose progress did not change is not reported
 * @param eventsInterval minimum time between two events of one batch on {@code GET /batches/{id}/events}; changes in
 * between are merged into the next event
 * @param eventStreamTimeout time after which the aggregator closes an event stream of a batch that is still
 * running; browsers reconnect on their own
 * @param maxEventStreams maximum number of event streams open at once; a request for one more is answered with 503
 * @param finishedBatchRetention how long the word counts of a finished batch stay in memory for
 * {@code GET /batches/{id}/words} and the status page; then only its progress figures and failures stay, and its
 * result is on the batch-results topic
 */
@ConfigurationProperties("wordfleet.aggregator")
public record AggregatorProperties(@DefaultValue("100") int resultTopWords,
		@DefaultValue("1s") Duration deadlineCheckInterval, @DefaultValue("wordfleet-aggregator") String groupId,
		@DefaultValue("1s") Duration progressInterval, @DefaultValue("250ms") Duration eventsInterval,
		@DefaultValue("30m") Duration eventStreamTimeout, @DefaultValue("1000") int maxEventStreams,
		@DefaultValue("1h") Duration finishedBatchRetention) {

	public AggregatorProperties {
		if (resultTopWords < 0) {
			throw new IllegalArgumentException(
					"wordfleet.aggregator.result-top-words must be 0 or more, but was " + resultTopWords);
		}
		requirePositive(deadlineCheckInterval, "deadline-check-interval");
		requirePositive(progressInterval, "progress-interval");
		requirePositive(eventsInterval, "events-interval");
		requirePositive(eventStreamTimeout, "event-stream-timeout");
		requirePositive(finishedBatchRetention, "finished-batch-retention");
		if (maxEventStreams < 1) {
			throw new IllegalArgumentException(
					"wordfleet.aggregator.max-event-streams must be 1 or more, but was " + maxEventStreams);
		}
	}

	private static void requirePositive(Duration value, String name) {
		if (value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException("wordfleet.aggregator." + name + " must be positive, but was " + value);
		}
	}

}
