package dev.wordfleet.aggregator.batch;

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

import dev.wordfleet.aggregator.report.WordListFormat;
import dev.wordfleet.protocol.WordCount;

/**
 * Batch progress and word counts over HTTP: {@code GET /batches}, {@code GET /batches/{id}},
 * {@code GET /batches/{id}/words?top=N&format=json|tsv|csv} and {@code POST /batches/{id}/cancel}.
 */
@RestController
@RequestMapping("/batches")
class BatchController {

	private static final String UNAUTHORIZED = "wordfleet.api.token is set and the bearer token is missing or wrong";

	private final BatchTracker tracker;

	BatchController(BatchTracker tracker) {
		this.tracker = tracker;
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
	 * Returns a batch's word counts, highest first; all of them unless {@code top} is positive.
	 */
	@Operation(summary = "Get a batch's word counts, highest first, as JSON, TSV or CSV")
	@ApiResponse(responseCode = "200", description = "The words with their counts, in the requested format")
	@ApiResponse(responseCode = "400", description = "Unknown format")
	@ApiResponse(responseCode = "401", description = UNAUTHORIZED)
	@ApiResponse(responseCode = "404", description = "The batch is not known to this aggregator")
	@GetMapping("/{batchId}/words")
	ResponseEntity<String> words(@PathVariable String batchId, @RequestParam(defaultValue = "0") int top,
			@RequestParam(defaultValue = "json") String format) {
		WordListFormat wordFormat = WordListFormat.of(format);
		if (wordFormat == WordListFormat.TABLE) {
			throw new IllegalArgumentException("format \"table\" is for terminals: use json, tsv or csv");
		}
		List<WordCount> words = this.tracker.words(batchId, top).orElseThrow(() -> new BatchNotFoundException(batchId));
		StringBuilder body = new StringBuilder(words.size() * 16);
		wordFormat.write(words, body);
		MediaType mediaType = MediaType.parseMediaType(wordFormat.mediaType() + ";charset=UTF-8");
		return ResponseEntity.ok().contentType(mediaType).body(body.toString());
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
