package dev.wordfleet.producer.batch;

import java.io.StringReader;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.wordfleet.api.ApiProperties;
import dev.wordfleet.protocol.BatchSubmitted;

/**
 * {@code POST /batches}: submits a batch as a JSON array of URL strings or as plain text with one URL per line.
 * Query parameters {@code maxFailures} (default 0) and {@code deadline} (ISO-8601 duration such as {@code PT10M})
 * set the batch's options. An {@code Idempotency-Key} header or a {@code batchId} parameter makes a retry safe: the
 * same request again returns the first manifest and publishes nothing. Returns 202 with the new batch's manifest, 200
 * with the manifest of a repeated submission, 400 listing every invalid entry, 413 for a batch over the limits and 422
 * for a batch id used before by another submission.
 */
@RestController
@RequestMapping("/batches")
class BatchController {

	static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	private static final String SUBMIT_SUMMARY = "Submit a batch of URLs as a JSON array or as text, one URL per line";

	private static final String SUBMIT_DESCRIPTION = "Validates every URL and publishes the batch's manifest and one "
			+ "job per URL in one Kafka transaction. In the text form, blank lines and lines starting with # are "
			+ "skipped. With an Idempotency-Key header or a batchId parameter, repeating the request publishes "
			+ "nothing and returns the first submission's manifest.";

	/** Seconds a client should wait before repeating a request that failed because the ledger was unavailable. */
	private static final String RETRY_AFTER_SECONDS = "5";

	private final BatchPublisher publisher;

	private final IdempotentPublisher idempotentPublisher;

	private final ApiProperties api;

	BatchController(BatchPublisher publisher, IdempotentPublisher idempotentPublisher, ApiProperties api) {
		this.publisher = publisher;
		this.idempotentPublisher = idempotentPublisher;
		this.api = api;
	}

	@Operation(summary = SUBMIT_SUMMARY, description = SUBMIT_DESCRIPTION)
	@ApiResponse(responseCode = "202", description = "The batch was published; the body is its manifest")
	@ApiResponse(responseCode = "200",
			description = "The same submission was made before with this Idempotency-Key or batchId; the body is the "
					+ "first submission's manifest and nothing was published")
	@ApiResponse(responseCode = "400", description = "Invalid URLs (each one listed), options, batchId or key")
	@ApiResponse(responseCode = "401", description = "wordfleet.api.token is set and the bearer token is missing "
			+ "or wrong")
	@ApiResponse(responseCode = "413",
			description = "The body is larger than wordfleet.api.max-body-size, or the batch has more URLs than "
					+ "wordfleet.api.max-urls")
	@ApiResponse(responseCode = "422",
			description = "The Idempotency-Key or batchId was used before with other URLs or options")
	@ApiResponse(responseCode = "503",
			description = "The submissions topic could not be read, so a repeated submission cannot be recognized; "
					+ "repeat the request after Retry-After seconds")
	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<BatchSubmitted> submitJson(@RequestBody List<@Nullable String> urls,
			@Parameter(description = "Failed URLs the batch tolerates; 0 fails it on the first failure")
			@RequestParam(defaultValue = "0") int maxFailures,
			@Parameter(description = "ISO-8601 duration after which an unfinished batch fails, such as PT10M")
			@RequestParam(required = false) @Nullable String deadline,
			@Parameter(in = ParameterIn.HEADER, description = "Client-chosen key that makes a retry safe; the batch "
					+ "id is derived from it") @RequestHeader(name = IDEMPOTENCY_KEY, required = false)
			@Nullable String idempotencyKey,
			@Parameter(description = "Client-chosen batch id: 1 to 100 letters, digits, '.', '_', '~' or '-'")
			@RequestParam(required = false) @Nullable String batchId) {
		return submit(UrlList.fromEntries(urls), maxFailures, deadline, idempotencyKey, batchId);
	}

	// Both methods serve POST /batches, so the OpenAPI description merges them into one operation whose responses
	// are those listed above.
	@Operation(summary = SUBMIT_SUMMARY, description = SUBMIT_DESCRIPTION)
	@PostMapping(consumes = MediaType.TEXT_PLAIN_VALUE)
	ResponseEntity<BatchSubmitted> submitText(@RequestBody String urls, @RequestParam(defaultValue = "0") int maxFailures,
			@RequestParam(required = false) @Nullable String deadline,
			@RequestHeader(name = IDEMPOTENCY_KEY, required = false) @Nullable String idempotencyKey,
			@RequestParam(required = false) @Nullable String batchId) {
		return submit(UrlList.fromLines(new StringReader(urls)), maxFailures, deadline, idempotencyKey, batchId);
	}

	private ResponseEntity<BatchSubmitted> submit(List<String> urls, int maxFailures, @Nullable String deadline,
			@Nullable String idempotencyKey, @Nullable String batchId) {
		BatchOptions options = new BatchOptions(maxFailures, parseDeadline(deadline));
		String chosenId = BatchIds.chosen(idempotencyKey, batchId);
		if (urls.size() > this.api.maxUrls()) {
			throw new TooManyUrlsException(urls.size(), this.api.maxUrls());
		}
		if (chosenId == null) {
			return ResponseEntity.accepted().body(this.publisher.publish(urls, options, null));
		}
		IdempotentPublisher.Outcome outcome = this.idempotentPublisher.publish(chosenId, urls, options);
		HttpStatus status = outcome.published() ? HttpStatus.ACCEPTED : HttpStatus.OK;
		return ResponseEntity.status(status).body(outcome.manifest());
	}

	private static @Nullable Duration parseDeadline(@Nullable String deadline) {
		if (deadline == null || deadline.isBlank()) {
			return null;
		}
		try {
			return Duration.parse(deadline);
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException(
					"deadline \"" + deadline + "\" is not an ISO-8601 duration; write it like PT30S or PT10M");
		}
	}

	@ExceptionHandler
	ProblemDetail invalidUrlList(InvalidUrlListException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
		problem.setTitle("Invalid URL list");
		problem.setProperty("problems", ex.problems());
		problem.setProperty("positionName", ex.positionName());
		return problem;
	}

	@ExceptionHandler
	ProblemDetail invalidOption(IllegalArgumentException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
		problem.setTitle("Invalid batch option");
		return problem;
	}

	@ExceptionHandler
	ProblemDetail invalidBatchId(InvalidBatchIdException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
		problem.setTitle("Invalid batch id");
		return problem;
	}

	@ExceptionHandler
	ProblemDetail tooManyUrls(TooManyUrlsException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, ex.getMessage());
		problem.setTitle("Too many URLs");
		problem.setProperty("limit", ex.limit());
		problem.setProperty("property", ApiProperties.MAX_URLS_PROPERTY);
		return problem;
	}

	@ExceptionHandler
	ProblemDetail conflictingSubmission(ConflictingSubmissionException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, ex.getMessage());
		problem.setTitle("Batch id already used");
		problem.setProperty("batchId", ex.batchId());
		return problem;
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> ledgerUnavailable(SubmissionLedgerException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"whether this batch id was submitted before is unknown, because " + ex.getMessage()
						+ "; repeat the request later (nothing was published)");
		problem.setTitle("Submissions unavailable");
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
			.body(problem);
	}

}
