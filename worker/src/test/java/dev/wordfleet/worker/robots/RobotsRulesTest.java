package dev.wordfleet.worker.robots;

import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Parsing and matching, with cases modelled on the examples of RFC 9309 (groups, longest match, special characters
 * and percent-encoding), written anew.
 */
class RobotsRulesTest {

	/** Groups for several crawlers, like the RFC's example file with four crawler names. */
	private static final String SEVERAL_GROUPS = """
			User-Agent: *
			Disallow: *.gif$
			Disallow: /shop/
			Allow: /news/

			User-Agent: alphabot
			Disallow:/
			Allow:/shop/item.html
			Allow:/shop/logo.gif

			User-Agent: betabot
			User-Agent: gammabot
			Disallow: /shop/item.html

			User-Agent: deltabot
			""";

	/** Rules whose patterns overlap, so only the longest match decides. */
	private static final String OVERLAPPING = """
			user-agent: *
			allow: /docs/public/
			disallow: /docs/
			disallow: /docs/public/secret.html
			allow: /tie
			disallow: /tie
			disallow: /query?private
			""";

	/** Patterns with {@code *} and {@code $}. */
	private static final String SPECIAL_CHARACTERS = """
			user-agent: *
			disallow: /
			allow: /exact/path$
			allow: /files/*/report
			allow: /*.pdf$
			allow: /star*
			allow: /cost$x
			""";

	/** Patterns in percent-encoded and raw non-ASCII form. */
	private static final String ENCODED = """
			user-agent: *
			disallow: /café/
			disallow: /%7euser/
			disallow: /path%2fwith/slash
			disallow: /lower/%e3%83%84
			disallow: /spaced name
			""";

	static Stream<Arguments> cases() {
		return Stream.of(
				// The group naming the crawler applies, and the * group does not.
				arguments("alphabot allowed page", SEVERAL_GROUPS, "alphabot", "/shop/item.html", true),
				arguments("alphabot allowed gif", SEVERAL_GROUPS, "alphabot", "/shop/logo.gif", true),
				arguments("alphabot other gif", SEVERAL_GROUPS, "alphabot", "/shop/other.gif", false),
				arguments("alphabot root", SEVERAL_GROUPS, "alphabot", "/", false),
				arguments("alphabot news", SEVERAL_GROUPS, "alphabot", "/news/today", false),
				// Two user-agent lines share one group.
				arguments("betabot page", SEVERAL_GROUPS, "betabot", "/shop/item.html", false),
				arguments("gammabot page", SEVERAL_GROUPS, "gammabot", "/shop/item.html", false),
				arguments("gammabot shop", SEVERAL_GROUPS, "gammabot", "/shop/", true),
				arguments("gammabot gif", SEVERAL_GROUPS, "gammabot", "/picture.gif", true),
				// A group without rules allows everything, even what the * group disallows.
				arguments("deltabot gif", SEVERAL_GROUPS, "deltabot", "/picture.gif", true),
				arguments("deltabot shop", SEVERAL_GROUPS, "deltabot", "/shop/", true),
				// Crawlers without a group of their own follow the * group.
				arguments("other gif", SEVERAL_GROUPS, "otherbot", "/picture.gif", false),
				arguments("other gif with query", SEVERAL_GROUPS, "otherbot", "/picture.gif?size=2", true),
				arguments("other shop", SEVERAL_GROUPS, "otherbot", "/shop/item.html", false),
				arguments("other news", SEVERAL_GROUPS, "otherbot", "/news/today", true),
				arguments("other root", SEVERAL_GROUPS, "otherbot", "/", true),
				// The product token is compared case-insensitively.
				arguments("token case", SEVERAL_GROUPS, "ALPHABOT", "/shop/item.html", true),
				// The longest matching pattern decides.
				arguments("longer allow", OVERLAPPING, "bot", "/docs/public/index.html", true),
				arguments("shorter disallow", OVERLAPPING, "bot", "/docs/private.html", false),
				arguments("longest disallow", OVERLAPPING, "bot", "/docs/public/secret.html", false),
				arguments("tie goes to allow", OVERLAPPING, "bot", "/tie", true),
				arguments("query matched", OVERLAPPING, "bot", "/query?private=1", false),
				arguments("other query", OVERLAPPING, "bot", "/query?public=1", true),
				arguments("case-sensitive path", OVERLAPPING, "bot", "/DOCS/private.html", true),
				// $ ends a pattern, * matches any sequence.
				arguments("exact end", SPECIAL_CHARACTERS, "bot", "/exact/path", true),
				arguments("past exact end", SPECIAL_CHARACTERS, "bot", "/exact/path/more", false),
				arguments("wildcard segment", SPECIAL_CHARACTERS, "bot", "/files/2024/q1/report", true),
				arguments("wildcard empty", SPECIAL_CHARACTERS, "bot", "/files//report", true),
				arguments("wildcard missing tail", SPECIAL_CHARACTERS, "bot", "/files/2024/summary", false),
				arguments("suffix pattern", SPECIAL_CHARACTERS, "bot", "/a/b/c.pdf", true),
				arguments("suffix then query", SPECIAL_CHARACTERS, "bot", "/a/b/c.pdf?download", false),
				arguments("trailing star", SPECIAL_CHARACTERS, "bot", "/starfish", true),
				arguments("dollar inside pattern", SPECIAL_CHARACTERS, "bot", "/cost$x", true),
				arguments("robots.txt always allowed", SPECIAL_CHARACTERS, "bot", "/robots.txt", true),
				// Percent-encoding is normalized on both sides before comparing.
				arguments("raw non-ASCII rule, encoded URL", ENCODED, "bot", "/caf%C3%A9/menu", false),
				arguments("raw non-ASCII rule, raw URL", ENCODED, "bot", "/café/menu", false),
				arguments("encoded unreserved in rule", ENCODED, "bot", "/~user/home", false),
				arguments("encoded unreserved in URL", ENCODED, "bot", "/%7Euser/home", false),
				arguments("encoded slash stays encoded", ENCODED, "bot", "/path%2Fwith/slash", false),
				arguments("raw slash differs from encoded", ENCODED, "bot", "/path/with/slash", true),
				arguments("lower-case hex in rule", ENCODED, "bot", "/lower/%E3%83%84", false),
				arguments("lower-case hex in URL", ENCODED, "bot", "/lower/%e3%83%84", false),
				arguments("space in rule", ENCODED, "bot", "/spaced%20name", false));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void decidesPath(String name, String robots, String token, String path, boolean allowed) {
		assertThat(RobotsRules.parse(robots, token).isAllowed(path)).isEqualTo(allowed);
	}

	@Test
	void groupsForSameCrawlerCombine() {
		RobotsRules rules = RobotsRules.parse("""
				user-agent: bot
				disallow: /one

				user-agent: other
				disallow: /

				user-agent: bot
				disallow: /two
				""", "bot");

		assertThat(rules.isAllowed("/one")).isFalse();
		assertThat(rules.isAllowed("/two")).isFalse();
		assertThat(rules.isAllowed("/three")).isTrue();
	}

	@Test
	void versionAfterTokenIgnored() {
		RobotsRules rules = RobotsRules.parse("User-agent: Bot/2.1 (compatible)\nDisallow: /private", "bot");

		assertThat(rules.isAllowed("/private")).isFalse();
	}

	@Test
	void tokenPrefixDoesNotMatch() {
		RobotsRules rules = RobotsRules.parse("User-agent: botany\nDisallow: /", "bot");

		assertThat(rules.isAllowed("/page")).isTrue();
	}

	@Test
	void rulesBeforeFirstGroupIgnored() {
		RobotsRules rules = RobotsRules.parse("Disallow: /\nUser-agent: *\nDisallow: /private", "bot");

		assertThat(rules.isAllowed("/page")).isTrue();
	}

	@Test
	void sitemapDoesNotEndGroup() {
		RobotsRules rules = RobotsRules.parse("""
				User-agent: bot
				Sitemap: https://example.test/sitemap.xml
				User-agent: other
				Disallow: /private
				""", "bot");

		assertThat(rules.isAllowed("/private")).isFalse();
	}

	@Test
	void keysAreCaseInsensitive() {
		RobotsRules rules = RobotsRules.parse("USER-AGENT: *\nDISALLOW: /Private", "bot");

		assertThat(rules.isAllowed("/Private")).isFalse();
	}

	@Test
	void commentsAreStripped() {
		RobotsRules rules = RobotsRules.parse("# site rules\nUser-agent: * # everyone\nDisallow: /a # not /b\n",
				"bot");

		assertThat(rules.isAllowed("/a")).isFalse();
		assertThat(rules.isAllowed("/b")).isTrue();
	}

	@Test
	void byteOrderMarkTolerated() {
		RobotsRules rules = RobotsRules.parse("\uFEFFUser-agent: *\nDisallow: /private", "bot");

		assertThat(rules.isAllowed("/private")).isFalse();
	}

	@Test
	void carriageReturnLineEndingsRead() {
		RobotsRules rules = RobotsRules.parse("User-agent: *\rDisallow: /a\r\nDisallow: /b", "bot");

		assertThat(rules.isAllowed("/a")).isFalse();
		assertThat(rules.isAllowed("/b")).isFalse();
	}

	@Test
	void emptyDisallowAllowsEverything() {
		RobotsRules rules = RobotsRules.parse("User-agent: *\nDisallow:", "bot");

		assertThat(rules.isAllowed("/anything")).isTrue();
		assertThat(rules.rules()).isEmpty();
	}

	@Test
	void patternWithoutSlashGetsOne() {
		RobotsRules rules = RobotsRules.parse("User-agent: *\nDisallow: private", "bot");

		assertThat(rules.isAllowed("/private/page")).isFalse();
	}

	@Test
	void linesWithoutColonIgnored() {
		RobotsRules rules = RobotsRules.parse("User-agent *\nDisallow /\nUser-agent: *\nDisallow: /x", "bot");

		assertThat(rules.isAllowed("/page")).isTrue();
	}

	@Test
	void emptyFileAllowsEverything() {
		assertThat(RobotsRules.parse("", "bot").isAllowed("/")).isTrue();
	}

	@Test
	void htmlInsteadOfRobotsAllowsEverything() {
		RobotsRules rules = RobotsRules.parse("<html><body><p>Not found</p></body></html>", "bot");

		assertThat(rules.isAllowed("/page")).isTrue();
	}

	@Test
	void decidingRuleIsReported() {
		RobotsRules rules = RobotsRules.parse(OVERLAPPING, "bot");

		assertThat(rules.decidingRule("/docs/public/secret.html"))
				.isEqualTo(new RobotsRules.Rule(false, "/docs/public/secret.html"));
	}

	@Test
	void crawlDelayRead() {
		RobotsRules rules = RobotsRules.parse("User-agent: *\nCrawl-delay: 5", "bot");

		assertThat(rules.crawlDelay()).isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void fractionalCrawlDelayRead() {
		RobotsRules rules = RobotsRules.parse("User-agent: *\nCrawl-delay: 0.25", "bot");

		assertThat(rules.crawlDelay()).isEqualTo(Duration.ofMillis(250));
	}

	@ParameterizedTest(name = "\"{0}\"")
	@ValueSource(strings = { "soon", "-3", "1e3", "NaN", "", "9999999999" })
	void invalidCrawlDelayIgnored(String value) {
		RobotsRules rules = RobotsRules.parse("User-agent: *\nCrawl-delay: " + value, "bot");

		assertThat(rules.crawlDelay()).isNull();
	}

	@Test
	void crawlDelayOfOtherGroupIgnored() {
		RobotsRules rules = RobotsRules.parse("User-agent: other\nCrawl-delay: 9\n\nUser-agent: *\nDisallow: /x",
				"bot");

		assertThat(rules.crawlDelay()).isNull();
	}

	@Test
	void longestCrawlDelayOfCombinedGroupsApplies() {
		RobotsRules rules = RobotsRules.parse("""
				User-agent: bot
				Crawl-delay: 2
				User-agent: other
				Disallow: /
				User-agent: bot
				Crawl-delay: 7
				""", "bot");

		assertThat(rules.crawlDelay()).isEqualTo(Duration.ofSeconds(7));
	}

	@Test
	void disallowAllKeepsRobotsTxt() {
		assertThat(RobotsRules.disallowAll().isAllowed("/page")).isFalse();
		assertThat(RobotsRules.disallowAll().isAllowed("/robots.txt")).isTrue();
	}

	@Test
	void allowAllAllowsEverything() {
		assertThat(RobotsRules.allowAll().isAllowed("/private")).isTrue();
	}

	@ParameterizedTest(name = "\"{0}\"")
	@ValueSource(strings = { "", "word fleet", "wordfleet/0.1", "bot1", "*" })
	void invalidProductTokenRejected(String token) {
		assertThatIllegalArgumentException().isThrownBy(() -> RobotsRules.parse("", token))
				.withMessageContaining("but was '" + token + "'");
	}

}
