package dev.wordfleet.api;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import tools.jackson.databind.json.JsonMapper;

/**
 * Writes an RFC 9457 problem document from a servlet filter, where Spring MVC's {@code ProblemDetail} handling does
 * not reach. The fields are those that Spring MVC writes for a {@code ProblemDetail}, so clients see one format.
 */
final class ProblemResponses {

	private final JsonMapper mapper;

	ProblemResponses(JsonMapper mapper) {
		this.mapper = mapper;
	}

	/**
	 * Sends the problem as the whole response.
	 * @param properties further members of the problem document, after the standard ones
	 */
	void send(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String title,
			String detail, Map<String, Object> properties) throws IOException {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", title);
		problem.put("status", status.value());
		problem.put("detail", detail);
		problem.put("instance", request.getRequestURI());
		problem.putAll(properties);
		response.setStatus(status.value());
		// JSON is UTF-8 by definition, and Spring MVC names no charset for problem documents either.
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		this.mapper.writeValue(response.getOutputStream(), problem);
	}

}
