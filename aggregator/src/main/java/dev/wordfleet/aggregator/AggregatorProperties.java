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
 */
@ConfigurationProperties("wordfleet.aggregator")
public record AggregatorProperties(@DefaultValue("100") int resultTopWords,
		@DefaultValue("1s") Duration deadlineCheckInterval, @DefaultValue("wordfleet-aggregator") String groupId) {

	public AggregatorProperties {
		if (resultTopWords < 0) {
			throw new IllegalArgumentException(
					"wordfleet.aggregator.result-top-words must be 0 or more, but was " + resultTopWords);
		}
		if (deadlineCheckInterval.isNegative() || deadlineCheckInterval.isZero()) {
			throw new IllegalArgumentException(
					"wordfleet.aggregator.deadline-check-interval must be positive, but was " + deadlineCheckInterval);
		}
	}

}
