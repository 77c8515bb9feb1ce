package dev.wordfleet.worker.robots;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The rules of one robots.txt file that apply to one crawler, parsed as RFC 9309 describes.
 *
 * <p>Parsing keeps the groups whose {@code user-agent} lines name the crawler's product token, compared
 * case-insensitively with the token at the start of each line's value. Several such groups are combined into one.
 * When no group names the crawler, the groups for {@code *} apply, and when there are none either, everything is
 * allowed. A group starts at a run of {@code user-agent} lines and ends at the next {@code user-agent} line that
 * follows a rule. Lines before the first group, lines without a colon and unknown keys such as {@code sitemap} are
 * ignored, as are comments from {@code #} to the end of the line and a leading UTF-8 byte order mark.
 *
 * <p>Matching uses the longest pattern that matches the URL's path and query, after both are normalized as
 * {@link RobotsPaths} describes. When an {@code allow} and a {@code disallow} pattern of the same length both match,
 * {@code allow} wins, and {@code /robots.txt} itself is always allowed.
 *
 * <p>{@code crawl-delay} is not part of RFC 9309, but many sites use it: its value in seconds, decimals allowed, is
 * kept as {@link #crawlDelay()}. Of several matching groups the longest delay applies.
 */
public final class RobotsRules {

	/** Product tokens that RFC 9309 allows: letters, {@code _} and {@code -}. */
	private static final Pattern PRODUCT_TOKEN = Pattern.compile("[A-Za-z_-]+");

	private static final Pattern DECIMAL_SECONDS = Pattern.compile("\\d{1,9}(\\.\\d{1,9})?");

	private static final RobotsRules ALLOW_ALL = new RobotsRules(List.of(), null);

	private static final RobotsRules DISALLOW_ALL = new RobotsRules(List.of(new Rule(false, "/")), null);

	private final List<Rule> rules;

	private final @Nullable Duration crawlDelay;

	private RobotsRules(List<Rule> rules, @Nullable Duration crawlDelay) {
		this.rules = List.copyOf(rules);
		this.crawlDelay = crawlDelay;
	}

	/**
	 * One {@code allow} or {@code disallow} line.
	 *
	 * @param allow {@code true} for {@code allow}, {@code false} for {@code disallow}
	 * @param pattern normalized pattern, starting with {@code /} or {@code *}
	 */
	public record Rule(boolean allow, String pattern) {

		public Rule {
			Objects.requireNonNull(pattern, "pattern is missing");
		}

		@Override
		public String toString() {
			return (this.allow ? "Allow: " : "Disallow: ") + this.pattern;
		}

	}

	/**
	 * Returns rules that allow every path, as for a robots.txt that does not exist.
	 * @return rules without any rule
	 */
	public static RobotsRules allowAll() {
		return ALLOW_ALL;
	}

	/**
	 * Returns rules that disallow every path except {@code /robots.txt}, as for a robots.txt that cannot be read.
	 * @return rules with one {@code Disallow: /}
	 */
	public static RobotsRules disallowAll() {
		return DISALLOW_ALL;
	}

	/**
	 * Checks a product token as RFC 9309 defines it.
	 * @param productToken the crawler's name in {@code user-agent} lines, such as {@code wordfleet}
	 * @return the token
	 * @throws IllegalArgumentException if the token is empty or contains a character other than letters, {@code _}
	 * and {@code -}
	 */
	public static String checkProductToken(String productToken) {
		Objects.requireNonNull(productToken, "productToken is missing");
		if (!PRODUCT_TOKEN.matcher(productToken).matches()) {
			throw new IllegalArgumentException("productToken must consist of letters, '_' and '-', but was '"
					+ productToken + "'");
		}
		return productToken;
	}

	/**
	 * Parses a robots.txt file and keeps the rules for one crawler.
	 * @param content the file's text, decoded as UTF-8
	 * @param productToken the crawler's product token, such as {@code wordfleet}
	 * @return the rules that apply to the crawler
	 */
	public static RobotsRules parse(String content, String productToken) {
		Objects.requireNonNull(content, "content is missing");
		checkProductToken(productToken);
		List<Group> groups = parseGroups(content);

		List<Group> matching = groups.stream().filter((group) -> group.names(productToken)).toList();
		if (matching.isEmpty()) {
			matching = groups.stream().filter(Group::namesAnyCrawler).toList();
		}
		List<Rule> rules = new ArrayList<>();
		Duration crawlDelay = null;
		for (Group group : matching) {
			rules.addAll(group.rules);
			if (group.crawlDelay != null && (crawlDelay == null || group.crawlDelay.compareTo(crawlDelay) > 0)) {
				crawlDelay = group.crawlDelay;
			}
		}
		return new RobotsRules(rules, crawlDelay);
	}

	/**
	 * Returns whether the crawler may fetch a path.
	 * @param pathAndQuery the URL's path, starting with {@code /}, followed by {@code ?} and the query if it has one
	 * @return {@code true} if no rule matches, or if the longest matching rule is an {@code allow}
	 */
	public boolean isAllowed(String pathAndQuery) {
		Rule rule = decidingRule(pathAndQuery);
		return rule == null || rule.allow();
	}

	/**
	 * Returns the rule that decides about a path: the longest matching pattern, {@code allow} on a tie.
	 * @param pathAndQuery the URL's path, starting with {@code /}, followed by {@code ?} and the query if it has one
	 * @return the deciding rule, or {@code null} if no rule matches or the path is {@code /robots.txt}
	 */
	public @Nullable Rule decidingRule(String pathAndQuery) {
		Objects.requireNonNull(pathAndQuery, "pathAndQuery is missing");
		String path = RobotsPaths.normalize(pathAndQuery);
		if (path.equals("/robots.txt")) {
			return null;
		}
		Rule best = null;
		for (Rule rule : this.rules) {
			if (!RobotsPaths.matches(rule.pattern(), path)) {
				continue;
			}
			int length = rule.pattern().length();
			if (best == null || length > best.pattern().length()
					|| (length == best.pattern().length() && rule.allow() && !best.allow())) {
				best = rule;
			}
		}
		return best;
	}

	/**
	 * Returns the delay between requests that the file sets for this crawler.
	 * @return the {@code crawl-delay}, or {@code null} if the matching groups set none
	 */
	public @Nullable Duration crawlDelay() {
		return this.crawlDelay;
	}

	/**
	 * Returns the rules that apply to the crawler, in file order.
	 * @return the rules, empty when everything is allowed
	 */
	public List<Rule> rules() {
		return this.rules;
	}

	@Override
	public String toString() {
		return "RobotsRules[rules=" + this.rules.size() + ", crawlDelay=" + this.crawlDelay + "]";
	}

	private static List<Group> parseGroups(String content) {
		String text = content.startsWith("\uFEFF") ? content.substring(1) : content;
		List<Group> groups = new ArrayList<>();
		Group current = null;
		boolean currentHasRules = false;
		for (String rawLine : text.lines().toList()) {
			int comment = rawLine.indexOf('#');
			String line = ((comment >= 0) ? rawLine.substring(0, comment) : rawLine).strip();
			int colon = line.indexOf(':');
			if (colon < 0) {
				continue;
			}
			String key = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
			String value = line.substring(colon + 1).strip();
			switch (key) {
				case "user-agent" -> {
					if (current == null || currentHasRules) {
						current = new Group();
						groups.add(current);
						currentHasRules = false;
					}
					current.agents.add(value);
				}
				case "allow", "disallow" -> {
					if (current != null) {
						currentHasRules = true;
						// An empty pattern matches nothing, so "Disallow:" allows everything.
						if (!value.isEmpty()) {
							current.rules.add(new Rule(key.equals("allow"), pattern(value)));
						}
					}
				}
				case "crawl-delay" -> {
					if (current != null) {
						currentHasRules = true;
						Duration delay = parseCrawlDelay(value);
						if (delay != null) {
							current.crawlDelay = delay;
						}
					}
				}
				default -> {
					// Other records, such as sitemap, neither belong to a group nor end one.
				}
			}
		}
		return groups;
	}

	/** Normalizes a pattern. A pattern without a leading {@code /} or {@code *} is read as starting with {@code /}. */
	private static String pattern(String value) {
		String normalized = RobotsPaths.normalize(value);
		normalized = normalized.replaceAll("\\*{2,}", "*");
		return (normalized.startsWith("/") || normalized.startsWith("*")) ? normalized : "/" + normalized;
	}

	private static @Nullable Duration parseCrawlDelay(String value) {
		if (!DECIMAL_SECONDS.matcher(value).matches()) {
			return null;
		}
		BigDecimal millis = new BigDecimal(value).movePointRight(3);
		return Duration.ofMillis(millis.longValue());
	}

	/** One group: its {@code user-agent} values and its rules. */
	private static final class Group {

		private final List<String> agents = new ArrayList<>();

		private final List<Rule> rules = new ArrayList<>();

		private @Nullable Duration crawlDelay;

		boolean names(String productToken) {
			for (String agent : this.agents) {
				int end = 0;
				while (end < agent.length() && isTokenChar(agent.charAt(end))) {
					end++;
				}
				if (end > 0 && agent.substring(0, end).equalsIgnoreCase(productToken)) {
					return true;
				}
			}
			return false;
		}

		boolean namesAnyCrawler() {
			return this.agents.contains("*");
		}

		private static boolean isTokenChar(char c) {
			return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == '-';
		}

	}

}
