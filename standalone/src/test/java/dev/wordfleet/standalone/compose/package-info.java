/**
 * Tests of the Docker Compose deployment: the compose file's services and settings, and a fleet against the Kafka
 * image that the compose file runs.
 */
@NullMarked
package dev.wordfleet.standalone.compose;

import org.jspecify.annotations.NullMarked;
