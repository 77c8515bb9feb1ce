/**
 * Politeness towards the servers that the worker fetches from: a limit of requests in flight per host, a minimum
 * delay between requests to one host, and a global request rate.
 */
@NullMarked
package dev.wordfleet.worker.politeness;

import org.jspecify.annotations.NullMarked;
