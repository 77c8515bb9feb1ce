/**
 * Parts shared by the HTTP APIs of the producer and the aggregator: the optional bearer token, the request size limit
 * and the OpenAPI description.
 */
@NullMarked
package dev.wordfleet.api;

import org.jspecify.annotations.NullMarked;
