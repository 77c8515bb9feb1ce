package dev.wordfleet.standalone.cli;

import picocli.CommandLine;

/**
 * Reads the version from the jar manifest, so that it follows the Maven project version.
 */
class VersionProvider implements CommandLine.IVersionProvider {

	@Override
	public String[] getVersion() {
		String version = VersionProvider.class.getPackage().getImplementationVersion();
		return new String[] { "wordfleet " + ((version != null) ? version : "development build") };
	}

}
