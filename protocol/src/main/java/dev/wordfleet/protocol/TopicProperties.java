package dev.wordfleet.protocol;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Names and sizes of the topics every role shares, bound from {@code wordfleet.topics.*}. All roles of one fleet must
 * use the same values.
 *
 * @param prefix prefix of every topic name, so that several fleets can share a cluster
 * @param jobsPartitions partitions of the jobs topic; more workers than partitions leaves workers idle
 * @param eventsPartitions partitions of the batch-events topic; more aggregators than partitions leaves aggregators
 * idle
 * @param replicationFactor replication factor of new topics, or {@code null} for the broker's
 * {@code default.replication.factor}
 */
@ConfigurationProperties("wordfleet.topics")
public record TopicProperties(@DefaultValue("wordfleet.") String prefix, @DefaultValue("12") int jobsPartitions,
		@DefaultValue("6") int eventsPartitions, @Nullable Short replicationFactor) {

	public TopicProperties {
		if (jobsPartitions < 1) {
			throw new IllegalArgumentException(
					"wordfleet.topics.jobs-partitions must be 1 or more, but was " + jobsPartitions);
		}
		if (eventsPartitions < 1) {
			throw new IllegalArgumentException(
					"wordfleet.topics.events-partitions must be 1 or more, but was " + eventsPartitions);
		}
	}

	/** Returns the defaults, as a role gets them with no {@code wordfleet.topics.*} property set. */
	public static TopicProperties defaults() {
		return new TopicProperties("wordfleet.", 12, 6, null);
	}

	/** Topic of {@link UrlJob}s, keyed by {@link UrlJob#key()}. */
	public String jobs() {
		return this.prefix + "jobs";
	}

	/** Topic of {@link BatchEvent}s (manifests, page counts and failures), keyed by batch id. */
	public String batchEvents() {
		return this.prefix + "batch-events";
	}

	/** Topic of {@link CancelBatch} orders, read in full by every worker; keyed by batch id. */
	public String cancels() {
		return this.prefix + "cancels";
	}

	/** Topic of {@link BatchResult}s, keyed by batch id. */
	public String batchResults() {
		return this.prefix + "batch-results";
	}

	/**
	 * Topic of {@link BatchSubmission}s, keyed by batch id: one record per batch published by the producer role,
	 * read back by every producer to recognize a repeated submission.
	 */
	public String submissions() {
		return this.prefix + "submissions";
	}

	/** Topic of {@link BatchProgressReport}s, keyed by batch id. */
	public String batchProgress() {
		return this.prefix + "batch-progress";
	}

	/** Topic of records that could not be read or failed validation, with the error in the headers. */
	public String deadLetters() {
		return this.prefix + "dead-letters";
	}

}
