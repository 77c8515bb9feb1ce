package dev.wordfleet.producer.batch;

import java.io.StringReader;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.wordfleet.protocol.BatchSubmitted;

/**
 * {@code POST /batches}: submits a batch as a JSON array of URL strings or as plain text with one URL per line.
 * Query parameters {@code maxFailures} (default 0) and {@code deadline} (ISO-8601 duration such as {@code PT10M})
 * set the batch's options. Returns 202 with the batch's manifest, or 400 listing every invalid entry.
 */
@RestController
@RequestMapping("/batches")
class BatchController {

	private final BatchPublisher publisher;

	BatchController(BatchPublisher publisher) {
		this.publisher = publisher;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<BatchSubmitted> submitJson(@RequestBody List<@Nullable String> urls,
			@RequestParam(defaultValue = "0") int maxFailures, @RequestParam(required = false) @Nullable String deadline) {
		return submit(UrlList.fromEntries(urls), maxFailures, deadline);
	}

	@PostMapping(consumes = MediaType.TEXT_PLAIN_VALUE)
	ResponseEntity<BatchSubmitted> submitText(@RequestBody String urls, @RequestParam(defaultValue = "0") int maxFailures,
			@RequestParam(required = false) @Nullable String deadline) {
		return submit(UrlList.fromLines(new StringReader(urls)), maxFailures, deadline);
	}

	private ResponseEntity<BatchSubmitted> submit(List<String> urls, int maxFailures, @Nullable String deadline) {
		BatchOptions options = new BatchOptions(maxFailures, parseDeadline(deadline));
		return ResponseEntity.accepted().body(this.publisher.publish(urls, options, null));
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

}
