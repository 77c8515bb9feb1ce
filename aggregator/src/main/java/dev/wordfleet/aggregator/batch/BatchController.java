package dev.wordfleet.aggregator.batch;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import dev.wordfleet.aggregator.report.WordListFormat;
import dev.wordfleet.protocol.JobFailed;
import dev.wordfleet.protocol.WordCount;

/**
 * Batch progress and word counts over HTTP: {@code GET /batches}, {@code GET /batches/{id}},
 * {@code GET /batches/{id}/events}, {@code GET /batches/{id}/failures},
 * {@code GET /batches/{id}/words?top=N&format=json|tsv|csv} and {@code POST /batches/{id}/cancel}.
 */
@RestController
@RequestMapping("/batches")
class BatchController {

	private static final String UNAUTHORIZED = "wordfleet.api.token is set and the bearer token is missing or wrong";

	/** Size of the buffer between a word list's text and the response. */
	private static final int WORDS_BUFFER_CHARS = 64 * 1024;

	private final BatchTracker tracker;

	private final ProgressStreams streams;

	BatchController(BatchTracker tracker, ProgressStreams streams) {
		this.tracker = tracker;
		this.streams = streams;
	}

	@Operation(summary = "List every batch this aggregator knows, most recently submitted first")
	@ApiResponse(responseCode = "200", description = "The progress of every batch")
	@ApiResponse(responseCode = "401", description = UNAUTHORIZED)
	@GetMapping
	List<BatchProgress> all() {
		return this.tracker.allProgress();
	}

	@Operation(summary = "Get a batch's status and progress: done, failed and pending jobs, totals and failures")
	@ApiResponse(responseCode = "200", description = "The batch's progress")
	@ApiResponse(responseCode = "401", description = UNAUTHORIZED)
	@ApiResponse(responseCode = "404", description = "The batch is not known to this aggregator")
	@GetMapping("/{batchId}")
	BatchProgress progress(@PathVariable String batchId) {
		return this.tracker.progress(batchId).orElseThrow(() -> new BatchNotFoundException(batchId));
	}

	/**
	 * Streams a batch's progress as Server-Sent Events: a {@code progress} event at once and on each change, at most
	 * one per {@code wordfleet.aggregator.events-interval}, then a {@code final} event when the batch is final, after
	 * which the stream completes. Each event's data is a {@link dev.wordfleet.protocol.BatchProgressReport} as JSON.
	 */
	@Operation(summary = "Stream a batch's progress as Server-Sent Events until the batch is final")
	@ApiResponse(responseCode = "200", description = "A text/event-stream of progress events, then one final event")
	@ApiResponse(responseCode = "401", description = UNAUTHORIZED)
	@ApiResponse(responseCode = "404", description = "The batch is not known to this aggregator")
	@ApiResponse(responseCode = "503", description = "The maximum number of event streams is open")
	@GetMapping("/{batchId}/events")
	SseEmitter events(@PathVariable String batchId) {
		return this.streams.open(batchId).orElseThrow(() -> new BatchNotFoundException(batchId));
	}

	/** Returns a batch's failed jobs in the order the aggregator read them. */
	@Operation(summary = "List a batch's failed jobs with their URL, reason kind and message")
	@ApiResponse(responseCode = "200", description = "The failed jobs in the order the aggregator read them")
	@ApiResponse(responseCode = "401", description = UNAUTHORIZED)
	@ApiResponse(responseCode = "404", description = "The batch is not known to this aggregator")
	@GetMapping("/{batchId}/failures")
	List<FailedJob> failures(@PathVariable String batchId) {
		List<JobFailed> failures = this.tracker.failures(batchId)
			.orElseThrow(() -> new BatchNotFoundException(batchId));
		return failures.stream().map(FailedJob::of).toList();
	}

	/**
	 * Returns a batch's word counts, highest first; all of them unless {@code top} is positive. The list is taken
	 * when the request arrives and written to the response as it is formatted.
	 */
	@Operation(summary = "Get a batch's word counts, highest first, as JSON, TSV or CSV")
	@ApiResponse(responseCode = "200", description = "The words with their counts, in the requested format")
	@ApiResponse(responseCode = "400", description = "Unknown format")
	@ApiResponse(responseCode = "401", description = UNAUTHORIZED)
	@ApiResponse(responseCode = "404", description = "The batch is not known to this aggregator")
	@ApiResponse(responseCode = "410", description = "The batch finished longer ago than the aggregator keeps word "
			+ "counts (wordfleet.aggregator.finished-batch-retention)")
	@GetMapping("/{batchId}/words")
	ResponseEntity<StreamingResponseBody> words(@PathVariable String batchId,
			@RequestParam(defaultValue = "0") int top, @RequestParam(defaultValue = "json") String format) {
		WordListFormat wordFormat = WordListFormat.of(format);
		if (wordFormat == WordListFormat.TABLE) {
			throw new IllegalArgumentException("format \"table\" is for terminals: use json, tsv or csv");
		}
		List<WordCount> words = this.tracker.words(batchId, top).orElseThrow(() -> new BatchNotFoundException(batchId));
		MediaType mediaType = MediaType.parseMediaType(wordFormat.mediaType() + ";charset=UTF-8");
		StreamingResponseBody body = (out) -> {
			Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8),
					WORDS_BUFFER_CHARS);
			wordFormat.write(words, writer);
			writer.flush();
		};
		return ResponseEntity.ok().contentType(mediaType).body(body);
	}

	/**
	 * Cancels a running batch: every worker skips its queued jobs and aborts its fetches, as after a first failure.
	 * Returns 202 with the batch's progress, 404 for an unknown batch, or 409 for a batch that is already final.
	 */
	@Operation(summary = "Cancel a running batch on every worker")
	@ApiResponse(responseCode = "202", description = "The batch is cancelled; the body is its progress")
	@ApiResponse(responseCode = "401", description = UNAUTHORIZED)
	@ApiResponse(responseCode = "404", description = "The batch is not known to this aggregator")
	@ApiResponse(responseCode = "409", description = "The batch has already ended")
	@PostMapping("/{batchId}/cancel")
	ResponseEntity<BatchProgress> cancel(@PathVariable String batchId) {
		BatchProgress progress = this.tracker.cancel(batchId, "cancelled on request")
			.orElseThrow(() -> new BatchNotFoundException(batchId));
		return ResponseEntity.accepted().body(progress);
	}

	@ExceptionHandler
	ProblemDetail alreadyFinal(IllegalStateException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail notFound(BatchNotFoundException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail wordsDropped(WordsDroppedException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.GONE, ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail tooManyStreams(ProgressStreams.TooManyStreamsException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail invalidArgument(IllegalArgumentException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
	}

	static class BatchNotFoundException extends RuntimeException {

		BatchNotFoundException(String batchId) {
			super("batch " + batchId + " is not known to this aggregator: check the id, or wait until the batch's "
					+ "events have been read");
		}

	}

}
