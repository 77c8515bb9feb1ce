/**
 * The command-line interface: subcommands, options, progress display and result output.
 */
@NullMarked
package dev.wordfleet.standalone.cli;

import org.jspecify.annotations.NullMarked;
