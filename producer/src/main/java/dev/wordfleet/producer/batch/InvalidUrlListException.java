package dev.wordfleet.producer.batch;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A submitted URL list with at least one invalid entry. The whole batch is rejected, so nothing of it is published.
 */
public class InvalidUrlListException extends RuntimeException {

	private final List<UrlProblem> problems;

	private final String positionName;

	/**
	 * @param problems every invalid entry, in order
	 * @param positionName what a position counts: {@code "line"} or {@code "entry"}
	 */
	public InvalidUrlListException(List<UrlProblem> problems, String positionName) {
		super(describe(problems, positionName));
		this.problems = List.copyOf(problems);
		this.positionName = positionName;
	}

	/** Creates the exception for a list without a single URL. */
	public static InvalidUrlListException empty() {
		return new InvalidUrlListException(List.of(), "line");
	}

	public List<UrlProblem> problems() {
		return this.problems;
	}

	public String positionName() {
		return this.positionName;
	}

	private static String describe(List<UrlProblem> problems, String positionName) {
		if (problems.isEmpty()) {
			return "the URL list is empty: give at least one http or https URL, one per line";
		}
		String lines = problems.stream()
			.map((problem) -> "  " + positionName + " " + problem.position() + ": " + problem.reason() + ": "
					+ problem.value())
			.collect(Collectors.joining("\n"));
		boolean single = problems.size() == 1;
		return "the URL list has " + problems.size() + " invalid " + (single ? "entry" : "entries") + "; fix or remove "
				+ (single ? "it" : "them") + " and try again (nothing was published):\n" + lines;
	}

}
