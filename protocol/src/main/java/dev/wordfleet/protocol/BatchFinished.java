package dev.wordfleet.protocol;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The aggregator's decision that a batch is final, written to the batch-events topic in the same transaction as the
 * batch's cancel and result. An aggregator that rebuilds its state from the topic reads the decision back, so it
 * neither decides a batch twice nor publishes its result again.
 *
 * @param version schema version
 * @param batchId the batch
 * @param status final status, never {@link BatchStatus#RUNNING}
 * @param reason why the batch failed or was cancelled, or {@code null} when it completed
 * @param finishedAt when the decision was made
 */
public record BatchFinished(int version, String batchId, BatchStatus status, @Nullable String reason,
		Instant finishedAt) implements BatchEvent {

	public BatchFinished {
		Messages.checkVersion(version);
		Messages.requireText(batchId, "batchId");
		Objects.requireNonNull(status, "status is missing");
		if (!status.isFinal()) {
			throw new IllegalArgumentException("status of a finished batch must be final, but was " + status);
		}
		Objects.requireNonNull(finishedAt, "finishedAt is missing");
	}

	public static BatchFinished of(String batchId, BatchStatus status, @Nullable String reason, Instant finishedAt) {
		return new BatchFinished(Messages.SCHEMA_VERSION, batchId, status, reason, finishedAt);
	}

}
