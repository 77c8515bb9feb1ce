/**
 * Fetching pages over HTTP for the worker: one shared OkHttp client with byte and time limits, redirects followed
 * hop by hop, and a guard that keeps fetches away from loopback, private and other internal addresses.
 */
@NullMarked
package dev.wordfleet.worker.fetch;

import org.jspecify.annotations.NullMarked;
