package dev.wordfleet.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * An event that the aggregator merges into a batch's progress: the batch's manifest, a counted page or a failed job.
 * The JSON property {@code type} names the variant. Events are keyed by batch id, so every event of one batch is
 * read by the same aggregator instance.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({ @JsonSubTypes.Type(value = BatchSubmitted.class, name = "batch-submitted"),
		@JsonSubTypes.Type(value = PageCounted.class, name = "page-counted"),
		@JsonSubTypes.Type(value = JobFailed.class, name = "job-failed") })
public sealed interface BatchEvent permits BatchSubmitted, JobOutcome {

	/** Schema version of the message. */
	int version();

	/** Batch the event belongs to. */
	String batchId();

}
