/**
 * What the HTTP APIs of the producer and the aggregator share: the optional bearer token, the request size limit and
 * the OpenAPI description.
 */
@NullMarked
package dev.wordfleet.api;

import org.jspecify.annotations.NullMarked;
