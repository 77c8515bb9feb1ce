package dev.wordfleet.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * An event of a batch's life, in order on its partition: the manifest, counted pages and failed jobs, and finally
 * the aggregator's decision.
 * The JSON property {@code type} names the variant. Events are keyed by batch id, so every event of one batch is
 * read by the same aggregator instance.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({ @JsonSubTypes.Type(value = BatchSubmitted.class, name = "batch-submitted"),
		@JsonSubTypes.Type(value = PageCounted.class, name = "page-counted"),
		@JsonSubTypes.Type(value = JobFailed.class, name = "job-failed"),
		@JsonSubTypes.Type(value = BatchFinished.class, name = "batch-finished") })
public sealed interface BatchEvent permits BatchSubmitted, JobOutcome, BatchFinished {

	/** Schema version of the message. */
	int version();

	/** Batch the event belongs to. */
	String batchId();

}
