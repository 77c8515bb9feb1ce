/**
 * The wordfleet command: one JVM that runs any role, or a whole fleet with an embedded broker.
 */
@NullMarked
package dev.wordfleet.standalone;

import org.jspecify.annotations.NullMarked;
