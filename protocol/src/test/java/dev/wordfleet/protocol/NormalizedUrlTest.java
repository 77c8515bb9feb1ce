package dev.wordfleet.protocol;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class NormalizedUrlTest {

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			HTTP://Example.COM/Path       | http://example.com/Path
			http://example.com:80/a       | http://example.com/a
			https://example.com:443/a     | https://example.com/a
			http://example.com:443/a      | http://example.com:443/a
			https://example.com:80/a      | https://example.com:80/a
			http://example.com            | http://example.com/
			http://example.com/a#top      | http://example.com/a
			http://example.com/a?q=1#x    | http://example.com/a?q=1
			http://example.com/A?Q=B      | http://example.com/A?Q=B
			http://user@Example.com:8080/ | http://user@example.com:8080/
			http://[::1]:80/x             | http://[::1]/x
			http://example.com/%7Ea       | http://example.com/%7Ea
			""")
	void normalizesSchemeHostPortPathAndFragment(String url, String expected) {
		assertThat(NormalizedUrl.of(url)).isEqualTo(expected);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			http://example.com/a b#frag | http://example.com/a b
			not a url                   | not a url
			""")
	void keepsUnparsableUrlsWithoutTheirFragment(String url, String expected) {
		assertThat(NormalizedUrl.of(url)).isEqualTo(expected);
	}

}
