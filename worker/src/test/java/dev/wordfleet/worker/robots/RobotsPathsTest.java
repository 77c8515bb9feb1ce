package dev.wordfleet.worker.robots;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class RobotsPathsTest {

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', value = {
			"/foo/bar?baz=quz | /foo/bar?baz=quz",
			"/foo/bar/ツ | /foo/bar/%E3%83%84",
			"/foo/bar/%E3%83%84 | /foo/bar/%E3%83%84",
			"/foo/bar/%e3%83%84 | /foo/bar/%E3%83%84",
			"/foo/bar/%62%61%7A | /foo/bar/baz",
			"/a%2Fb | /a%2Fb",
			"/a%2fb | /a%2Fb",
			"/100% | /100%25",
			"/%zz | /%25zz",
			"/a b | /a%20b",
			"/a{b} | /a%7Bb%7D",
			"/emoji/😀 | /emoji/%F0%9F%98%80",
			"/*.gif$ | /*.gif$" })
	void normalizes(String input, String expected) {
		assertThat(RobotsPaths.normalize(input)).isEqualTo(expected);
	}

	@ParameterizedTest(name = "{0} on {1}")
	@CsvSource(delimiter = '|', value = {
			"/ | /anything | true",
			"/fish | /fish.html | true",
			"/fish | /Fish.html | false",
			"/fish/ | /fish | false",
			"/fish$ | /fish | true",
			"/fish$ | /fish/ | false",
			"/*.php | /index.php?x | true",
			"/*.php$ | /index.php?x | false",
			"/a*b*c | /a-x-b-y-c-z | true",
			"/a*b*c | /a-x-c-y-b | false",
			"/a*b*c$ | /abcabc | true",
			"/a*bc$ | /abc | true",
			"/ab*bc$ | /abc | false",
			"* | /anything | true",
			"*$ | /anything | true",
			"/$ | / | true",
			"/$ | /a | false" })
	void matches(String pattern, String path, boolean expected) {
		assertThat(RobotsPaths.matches(pattern, path)).isEqualTo(expected);
	}

}
